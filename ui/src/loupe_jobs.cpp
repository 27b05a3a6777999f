// The loupe's background work: preview decode and fit, original region decode.
#include "loupe_jobs.h"

#include "pd/core/image_decoder.h"
#include "pd/core/image_ops.h"
#include "pd/core/region_decoder.h"
#include "pd/db/vault.h"

#include <QPainter>

namespace pd::ui::loupe {

namespace {

// Opaque, in the format the raster paint engine blits fastest. Transparent areas show white,
// as in the renditions.
QImage toRgb32(const QImage& image) {
    if (image.format() == QImage::Format_RGB32) return image;
    if (!image.hasAlphaChannel()) return image.convertToFormat(QImage::Format_RGB32);
    QImage out(image.size(), QImage::Format_RGB32);
    out.fill(Qt::white);
    QPainter painter(&out);
    painter.drawImage(0, 0, image);
    return out;
}

} // namespace

QImage fitImage(const QImage& picture, QSize size) {
    if (picture.isNull() || size.isEmpty()) return {};
    if (picture.size() == size) return toRgb32(picture);
    // Shrinking (the usual case) goes through the renditions' antialiasing filter; enlarging a
    // preview on a screen bigger than 2048 px is left to Qt's bilinear filter.
    if (size.width() <= picture.width() && size.height() <= picture.height())
        return toRgb32(resizeImage(picture.convertToFormat(QImage::Format_RGB888), size.width(), size.height()));
    return toRgb32(picture.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
}

PreviewResult loadPreview(const PreviewJob& job) {
    PreviewResult out;
    out.photoId = job.photoId;
    Result<DecodedImage> decoded = decodeImage(job.jpeg);
    if (!decoded.ok()) {
        out.error = decoded.error().toString();
        return out;
    }
    // Renditions are sRGB and upright already.
    out.preview = toRgb32(decoded->image);
    if (!job.fitSize.isEmpty()) out.fitted = fitImage(out.preview, job.fitSize);
    return out;
}

RegionResult decodeOriginalRegion(const RegionJob& job) {
    RegionResult out;
    out.photoId = job.photoId;
    out.generation = job.generation;
    const auto movedOn = [&] { return job.wanted && job.wanted->load(std::memory_order_relaxed) != job.generation; };
    if (movedOn()) {
        out.cancelled = true;
        return out;
    }
    out.original = job.original;
    if (out.original.isEmpty()) {
        Result<std::unique_ptr<Vault>> vault = Vault::open(job.vaultPath, false);
        if (!vault.ok()) {
            out.error = vault.error().toString();
            return out;
        }
        Result<QByteArray> bytes = (*vault)->readOriginal(job.sha256);
        if (!bytes.ok()) {
            out.error = bytes.error().toString();
            return out;
        }
        out.original = std::move(bytes).value();
    }
    // Checked again: reading a 20 MB original takes a while, and the bytes are kept either way.
    if (movedOn()) {
        out.cancelled = true;
        return out;
    }
    Result<DecodedRegion> region = decodeRegion(out.original, {job.region, job.orientation});
    if (!region.ok()) {
        out.error = region.error().toString();
        return out;
    }
    out.region = region->region;
    out.image = toRgb32(region->image);
    return out;
}

} // namespace pd::ui::loupe
