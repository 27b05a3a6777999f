// info.json and image rendering for the IIIF Image API over JPEG 2000 zoom proofs.
#include "pd/host/iiif_image.h"

#include "pd/core/image_ops.h"
#include "pd/core/jpeg_encoder.h"
#include "pd/core/region_decoder.h"

#include <QBuffer>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTransform>

#include <algorithm>
#include <cmath>

namespace pd::host {

namespace {

int ceilShift(int v, int r) {
    return int((qint64(v) + (qint64(1) << r) - 1) >> r);
}

// Whether "full/w,h" is served: the planner decides, so info.json never lists a size it refuses.
bool withinLimits(QSize s, const IiifLimits& limits, QSize full) {
    IiifRequest request;
    request.kind = IiifRequest::Kind::Image;
    request.size.kind = IiifSize::Kind::Exact;
    request.size.w = s.width();
    request.size.h = s.height();
    return planIiifImage(request, full, limits).ok();
}

} // namespace

std::string iiifInfoJson(const IiifInfo& info) {
    const QSize full = info.full;
    const int levels = std::max(1, info.resolutionLevels);
    QJsonArray sizes;
    for (int r = levels - 1; r >= 0; --r) {
        const QSize s(ceilShift(full.width(), r), ceilShift(full.height(), r));
        if (withinLimits(s, info.limits, full)) sizes.append(QJsonObject{{"width", s.width()}, {"height", s.height()}});
    }
    // The largest size the limits allow, when no level is exactly it.
    IiifRequest max;
    max.kind = IiifRequest::Kind::Image;
    Result<IiifPlan> largest = planIiifImage(max, full, info.limits);
    if (largest.ok()) {
        const QJsonObject s{{"width", largest->size.width()}, {"height", largest->size.height()}};
        if (!sizes.contains(s)) sizes.append(s);
    }

    QJsonArray scaleFactors;
    for (int r = 0; r < levels; ++r) {
        const double scale = 1.0 / double(1 << r);
        if (info.limits.maxScale > 0 && scale > info.limits.maxScale + 1e-9) continue;
        scaleFactors.append(1 << r);
    }
    int tile = info.tileSize > 0 ? info.tileSize : 512;
    if (info.limits.maxWidth > 0) tile = std::min(tile, info.limits.maxWidth);
    if (info.limits.maxHeight > 0) tile = std::min(tile, info.limits.maxHeight);

    QJsonObject doc{
        {"@context", "http://iiif.io/api/image/3/context.json"},
        {"id", QString::fromStdString(info.id)},
        {"type", "ImageService3"},
        {"protocol", "http://iiif.io/api/image"},
        {"profile", "level2"},
        {"width", full.width()},
        {"height", full.height()},
        {"sizes", sizes},
        {"extraQualities", QJsonArray{"gray", "bitonal"}},
        {"extraFeatures", QJsonArray{"mirroring", "sizeUpscaling"}},
    };
    if (!scaleFactors.isEmpty())
        doc.insert("tiles", QJsonArray{QJsonObject{{"width", tile}, {"height", tile}, {"scaleFactors", scaleFactors}}});
    if (info.limits.maxWidth > 0) doc.insert("maxWidth", info.limits.maxWidth);
    if (info.limits.maxHeight > 0) doc.insert("maxHeight", info.limits.maxHeight);
    if (info.limits.maxArea > 0) doc.insert("maxArea", double(info.limits.maxArea));
    return QJsonDocument(doc).toJson(QJsonDocument::Compact).toStdString();
}

int iiifReductionFor(QSize region, QSize size, int levels) {
    int r = 0;
    while (r + 1 < levels && ceilShift(region.width(), r + 1) >= size.width() &&
           ceilShift(region.height(), r + 1) >= size.height())
        ++r;
    return r;
}

Result<IiifRendered> renderIiifImage(const QByteArray& zoomJp2, const IiifPlan& plan) {
    Result<Jp2Layout> layout = probeJp2Layout(zoomJp2);
    if (!layout.ok()) return layout.error();
    const int reduction = iiifReductionFor(plan.region.size(), plan.size, layout->resolutionLevels);
    // The area on the level's grid (whole level pixels), then the exact region cut out of it.
    const int f = 1 << reduction;
    const QRect& r = plan.region;
    const int ax0 = r.x() / f * f, ay0 = r.y() / f * f;
    const int ax1 = std::min(ceilShift(r.x() + r.width(), reduction) * f, layout->width);
    const int ay1 = std::min(ceilShift(r.y() + r.height(), reduction) * f, layout->height);
    LevelRegionRequest request;
    request.region = QRect(ax0, ay0, ax1 - ax0, ay1 - ay0);
    request.reduction = reduction;
    Result<LevelRegion> decoded = decodeRegionAtLevel(zoomJp2, request);
    if (!decoded.ok()) return decoded.error();
    const int used = decoded->reduction; // lower than asked when the tiles lack the levels
    const double g = double(1 << used);
    const int cx0 = int(std::lround((r.x() - decoded->region.x()) / g));
    const int cy0 = int(std::lround((r.y() - decoded->region.y()) / g));
    const int cx1 = int(std::lround((r.x() + r.width() - decoded->region.x()) / g));
    const int cy1 = int(std::lround((r.y() + r.height() - decoded->region.y()) / g));
    const QRect crop = QRect(cx0, cy0, std::max(1, cx1 - cx0), std::max(1, cy1 - cy0)) & decoded->image.rect();
    QImage pixels = crop == decoded->image.rect() ? decoded->image : decoded->image.copy(crop);
    if (pixels.hasAlphaChannel()) pixels = pixels.convertToFormat(QImage::Format_RGB888);
    pixels = resizeImage(pixels, plan.size.width(), plan.size.height());
    if (pixels.isNull()) return makeError(ErrorCode::TooLarge, QStringLiteral("cannot allocate the image"));

    // Mirroring comes before the rotation (Image API 3.0, section 4.3).
    if (plan.mirror) pixels = pixels.mirrored(true, false);
    if (plan.rotation != 0) pixels = pixels.transformed(QTransform().rotate(plan.rotation));
    if (plan.quality == IiifQuality::Gray || plan.quality == IiifQuality::Bitonal) {
        pixels = pixels.convertToFormat(QImage::Format_Grayscale8);
        if (plan.quality == IiifQuality::Bitonal)
            for (int y = 0; y < pixels.height(); ++y) {
                uchar* line = pixels.scanLine(y);
                for (int x = 0; x < pixels.width(); ++x) line[x] = line[x] < 128 ? 0 : 255;
            }
    }

    IiifRendered out;
    out.size = pixels.size();
    out.reduction = used;
    out.decodedSamples = decoded->decodedSamples;
    if (plan.format == IiifFormat::Png) {
        QBuffer buffer(&out.bytes);
        buffer.open(QIODevice::WriteOnly);
        if (!pixels.save(&buffer, "PNG")) return makeError(ErrorCode::Internal, QStringLiteral("PNG encoding failed"));
    } else {
        JpegEncodeOptions options;
        options.quality = 85;
        Result<QByteArray> jpeg = encodeJpeg(pixels, options);
        if (!jpeg.ok()) return jpeg.error();
        out.bytes = std::move(jpeg).value();
    }
    return out;
}

} // namespace pd::host
