// The edit view's pure functions: the unedited picture for the crop tool, and print fits.
#include "edit_jobs.h"

#include "pd/core/image_decoder.h"
#include "pd/core/image_ops.h"
#include "pd/core/print_file.h"
#include "pd/db/vault.h"

#include <algorithm>
#include <cmath>

namespace pd::ui::editing {

UneditedPictureResult loadUneditedPicture(const UneditedPictureJob& job) {
    UneditedPictureResult out;
    out.photoId = job.photoId;
    out.generation = job.generation;
    if (!job.previewJpeg.isEmpty()) {
        QImage preview = QImage::fromData(job.previewJpeg, "JPEG");
        if (!preview.isNull()) {
            out.picture = job.undo.apply(preview).convertToFormat(QImage::Format_RGB32);
            return out;
        }
        // A preview that does not decode: the original still can.
    }
    out.fromOriginal = true;
    auto vault = Vault::open(job.vaultPath, false);
    if (!vault.ok()) {
        out.error = vault.error().toString();
        return out;
    }
    auto bytes = (*vault)->readOriginal(job.sha256);
    if (!bytes.ok()) {
        out.error = bytes.error().toString();
        return out;
    }
    DecodeRequest request;
    request.minLongEdge = job.longEdge;
    auto decoded = decodeImage(bytes.value(), request);
    if (!decoded.ok()) {
        out.error = decoded.error().toString();
        return out;
    }
    // Resize where the pixels are stored, then turn and convert only what is left (as the
    // import's renditions do).
    QImage pixels = resizeToLongEdge(decoded->image, job.longEdge);
    pixels = applyExifOrientation(pixels, job.orientation);
    if (!isSrgbProfile(decoded->iccProfile)) {
        auto srgb = convertToSrgb(pixels, decoded->iccProfile);
        if (srgb.ok()) pixels = std::move(srgb).value();
    }
    out.picture = pixels.convertToFormat(QImage::Format_RGB32);
    if (out.picture.isNull()) out.error = QStringLiteral("the picture is too large to show");
    return out;
}

const QStringList& usualPrintSizes() {
    static const QStringList sizes{QStringLiteral("4x6"),   QStringLiteral("5x7"),   QStringLiteral("8x10"), QStringLiteral("8x12"),
                                   QStringLiteral("11x14"), QStringLiteral("12x18"), QStringLiteral("16x20")};
    return sizes;
}

std::vector<PrintFit> printFits(QSize cropPixels, double tolerance) {
    std::vector<PrintFit> fits;
    const double lo = std::min(cropPixels.width(), cropPixels.height());
    const double hi = std::max(cropPixels.width(), cropPixels.height());
    if (lo <= 0) return fits;
    const double shape = hi / lo;
    for (const QString& s : usualPrintSizes()) {
        const auto size = parsePrintSize(s);
        if (!size || std::abs(shape / size->aspect() - 1.0) > tolerance) continue;
        PrintFit f;
        f.size = s;
        f.ppi = hi / size->longInches;
        f.enoughPixels = f.ppi >= kMinPrintPpi;
        fits.push_back(f);
    }
    return fits;
}

} // namespace pd::ui::editing
