// Print files: original bytes, a lossless DCT-domain transform, or a full-resolution re-encode.
#include "pd/core/print_file.h"

#include "pd/core/edit_geometry.h"
#include "pd/core/image_decoder.h"
#include "pd/core/image_format.h"
#include "pd/core/image_ops.h"
#include "pd/core/jpeg_encoder.h"
#include "pd/core/jpeg_lossless.h"
#include "jpeg_segments.h"
#include "output_metadata.h"
#include "source_picture.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace pd {

namespace {

// Moves a crop by less than half a block so its left and top edges lie on the block grid,
// keeping its size and staying inside the frame.
QRect snapToBlocks(const QRect& crop, QSize frame, int block) {
    auto snap = [block](int v, int room) {
        int s = int(std::lround(double(v) / block)) * block;
        if (s > room) s = (room / block) * block;
        return std::max(0, s);
    };
    return QRect(snap(crop.x(), frame.width() - crop.width()), snap(crop.y(), frame.height() - crop.height()),
                 crop.width(), crop.height());
}

// The transformed (or unchanged) JPEG with the print's metadata: the original's EXIF with
// orientation 1, the new size and the DPI; its XMP dropped (it may hold the old orientation and
// an editor's crop settings); the JFIF density set; an sRGB profile when it had none.
QByteArray withPrintHeader(const QByteArray& jpeg, const QByteArray& original, const detail::OutputTags& fallback,
                           QSize size, int dpi) {
    const auto segments = detail::jpegHeaderSegments(jpeg);
    if (!segments) return jpeg;
    const QByteArray exif = detail::makePrintExif(detail::jpegExifPayload(original), fallback, size, dpi);
    QByteArray insert = exif.isEmpty() ? QByteArray() : detail::jpegSegment(0xE1, exif);
    // Untagged pixels are sRGB by convention; the lab is told so explicitly.
    if (detail::jpegIccProfile(jpeg).isEmpty() && srgbIccProfile().size() <= 65519)
        insert += detail::jpegSegment(0xE2, QByteArray("ICC_PROFILE\0\x01\x01", 14) + srgbIccProfile());
    QByteArray out = detail::rewriteJpegHeader(
        jpeg, *segments,
        [&](const detail::JpegSegment& s) { return detail::isExifSegment(s, jpeg) || detail::isXmpSegment(s, jpeg); },
        insert);
    return dpi > 0 ? detail::setJfifDensity(out, dpi) : out;
}

} // namespace

std::optional<PrintSize> parsePrintSize(const QString& text) {
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*[xX\u00D7]\\s*(\\d+(?:\\.\\d+)?)\\s*(?:in|\")?\\s*$"));
    const auto m = re.match(text);
    if (!m.hasMatch()) return std::nullopt;
    const double a = m.captured(1).toDouble(), b = m.captured(2).toDouble();
    if (a <= 0 || b <= 0 || a > 200 || b > 200) return std::nullopt;
    return PrintSize{std::min(a, b), std::max(a, b)};
}

QString printMethodName(PrintMethod method) {
    switch (method) {
    case PrintMethod::OriginalBytes: return QStringLiteral("original");
    case PrintMethod::LosslessTransform: return QStringLiteral("lossless");
    case PrintMethod::Reencoded: break;
    }
    return QStringLiteral("reencoded");
}

Result<PrintFile> makePrintFile(const PrintRequest& request) {
    const QByteArray& original = request.original;
    const ImageFormat format = sniffImageFormat(original);
    auto probed = probeImageSize(original);
    if (!probed.ok()) return probed.error();
    PhotoMetadata meta;
    if (auto m = readPhotoMetadata(original); m.ok()) meta = std::move(m).value();
    const int orientation = meta.orientation >= 1 && meta.orientation <= 8 ? meta.orientation : 1;
    const QSize stored(probed->width, probed->height);
    const QSize oriented = Dihedral::fromExifOrientation(orientation).map(stored);

    EditGeometry g = resolveEdits(request.edits, oriented);
    bool cropMadeForSize = false;
    if (request.size) {
        const EditGeometry sized = withPrintAspect(g, oriented, request.size->aspect());
        cropMadeForSize = sized.crop != g.crop;
        g = sized;
    }
    QSize outSize = g.outputSize(oriented);
    auto dpiFor = [&](QSize s) {
        return request.size ? std::max(1, int(std::lround(std::max(s.width(), s.height()) / request.size->longInches))) : 0;
    };
    const detail::OutputTags tags{meta.capturedAt, meta.copyright, meta.creator, meta.gps};

    if (format == ImageFormat::Jpeg && g.straighten == 0) {
        auto layout = readJpegLayout(original);
        if (layout.ok() && !layout->cmyk && isSrgbProfile(detail::jpegIccProfile(original))) {
            const Dihedral total = Dihedral::fromExifOrientation(orientation).then(g.transform);
            const QSize frame = total.map(stored);
            if (total.isIdentity() && g.isFullFrame()) {
                if (orientation == 1)
                    return PrintFile{original, stored.width(), stored.height(), 0, PrintMethod::OriginalBytes};
                // Upright already, but the tag says otherwise: only the header changes.
                const int dpi = dpiFor(stored);
                return PrintFile{withPrintHeader(original, original, tags, stored, dpi), stored.width(), stored.height(), dpi,
                                 PrintMethod::LosslessTransform};
            }
            QRect crop = g.cropPixels(frame);
            if (cropMadeForSize) crop = snapToBlocks(crop, frame, std::max(layout->mcuWidth, layout->mcuHeight));
            const LosslessTransform t{total, crop == QRect(QPoint(0, 0), frame) ? QRect() : crop};
            if (isPerfectLosslessTransform(layout.value(), t)) {
                auto transformed = transformJpegLossless(original, t);
                if (transformed.ok()) {
                    const QSize size = crop.size();
                    const int dpi = dpiFor(size);
                    return PrintFile{withPrintHeader(transformed.value(), original, tags, size, dpi), size.width(), size.height(),
                                     dpi, PrintMethod::LosslessTransform};
                }
                // A transform libjpeg-turbo refuses after all: the re-encode below still works.
            }
        }
    }

    auto source = detail::decodeSourcePicture(original, request.edits, 0);
    if (!source.ok()) return source.error();
    source->geometry = g;
    source->editedFullSize = outSize;
    const QImage image = detail::renderSourcePicture(source.value(), outSize);
    if (image.isNull()) return makeError(ErrorCode::TooLarge, QStringLiteral("cannot allocate the print file's pixels"));
    outSize = image.size();
    const int dpi = dpiFor(outSize);
    JpegEncodeOptions enc;
    enc.quality = request.quality > 0 ? request.quality : kPrintQuality;
    enc.subsample420 = false;   // full chroma: prints show colour edges that 4:2:0 would soften
    enc.iccProfile = srgbIccProfile();
    enc.dpi = dpi;
    enc.exifApp1 = detail::makePrintExif(format == ImageFormat::Jpeg ? detail::jpegExifPayload(original) : QByteArray(), tags,
                                         outSize, dpi);
    auto jpeg = encodeJpeg(image, enc);
    if (!jpeg.ok()) return jpeg.error();
    return PrintFile{std::move(jpeg).value(), outSize.width(), outSize.height(), dpi, PrintMethod::Reencoded};
}

} // namespace pd
