// Region decode: libjpeg-turbo's cropped and skipped scanlines for JPEG, OpenJPEG's decode area
// and resolution level for JPEG 2000, a whole decode and a crop for the other formats.
#include "pd/core/region_decoder.h"

#include "jp2_decoder.h"
#include "libjpeg_errors.h"

#include "pd/core/image_decoder.h"
#include "pd/core/image_format.h"
#include "pd/core/image_ops.h"
#include "pd/core/photo_metadata.h"

#include <QtGlobal>

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <jpeglib.h>
// After jpeglib.h, which defines what jerror.h's message list depends on.
#include <jerror.h>

namespace pd {

namespace {

bool swapsAxes(int orientation) {
    return orientation >= 5 && orientation <= 8;
}

// Decoded beyond each side of the region, then cut away: the chroma upsampler and the iMCU
// alignment of jpeg_crop_scanline make the outermost pixels of a cropped decode differ slightly
// from a whole decode, so the kept pixels are taken from the inside.
constexpr int kJpegMargin = 16;

// What the libjpeg part is asked and what it leaves; owned outside the setjmp() frame.
struct JpegRegionJob {
    QRect oriented;        // in: the requested region
    int orientation = 1;   // in
    qint64 maxPixels = 0;  // in
    QImage rows;           // out: the decoded band, wider and taller than `stored`
    QRect band;            // out: the band's place in stored coordinates
    QRect stored;          // out: the clipped region in stored coordinates
    QRect clipped;         // out: the clipped region in oriented coordinates
    QSize storedSize;      // out
    JOCTET* icc = nullptr; // out, malloc()ed by jpeg_read_icc_profile
    unsigned int iccSize = 0;
    bool cmyk = false;
    ErrorCode code = ErrorCode::Internal;
    char message[JMSG_LENGTH_MAX] = {};
};

bool fail(JpegRegionJob& job, ErrorCode code, const char* text) {
    job.code = code;
    std::snprintf(job.message, sizeof job.message, "%s", text);
    return false;
}

// Returns false with job.code/job.message set on failure.
bool runRegionDecode(const QByteArray& bytes, JpegRegionJob& job) {
    jpeg_decompress_struct cinfo;
    detail::JpegErrorManager err;
    std::memset(&cinfo, 0, sizeof cinfo);
    detail::installJpegErrorHandling(cinfo, err);
    JSAMPLE* volatile cmykRow = nullptr;

    if (setjmp(err.jump)) {
        job.code = err.code;
        std::memcpy(job.message, err.message, sizeof job.message);
        std::free(cmykRow);
        jpeg_destroy_decompress(&cinfo);
        return false;
    }

    jpeg_create_decompress(&cinfo);
    cinfo.progress = &err.progress;
    jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char*>(bytes.constData()),
                 static_cast<unsigned long>(bytes.size()));
    jpeg_save_markers(&cinfo, JPEG_APP0 + 2, 0xFFFF);
    jpeg_read_header(&cinfo, TRUE);
    job.storedSize = QSize(int(cinfo.image_width), int(cinfo.image_height));
    if (qint64(cinfo.image_width) * qint64(cinfo.image_height) > job.maxPixels) {
        jpeg_destroy_decompress(&cinfo);
        return fail(job, ErrorCode::TooLarge, "the image is over the pixel limit");
    }
    job.clipped = job.oriented & QRect(QPoint(0, 0), orientedSize(job.storedSize, job.orientation));
    if (job.clipped.isEmpty()) {
        jpeg_destroy_decompress(&cinfo);
        return fail(job, ErrorCode::InvalidArgument, "the region lies outside the image");
    }
    job.stored = orientedToStored(job.clipped, job.storedSize, job.orientation);
    const QRect wanted =
        job.stored.adjusted(-kJpegMargin, -kJpegMargin, kJpegMargin, kJpegMargin) & QRect(QPoint(0, 0), job.storedSize);

    JOCTET* icc = nullptr;
    unsigned int iccSize = 0;
    if (jpeg_read_icc_profile(&cinfo, &icc, &iccSize)) {
        job.icc = icc;
        job.iccSize = iccSize;
    }

    const bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    job.cmyk = cmyk;
    cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_EXT_RGB;
    cinfo.dct_method = JDCT_ISLOW;
    cinfo.scale_num = 1;
    cinfo.scale_denom = 1;
    jpeg_start_decompress(&cinfo);

    // The columns: libjpeg widens them to whole iMCUs and says where they start.
    JDIMENSION xoffset = JDIMENSION(wanted.x());
    JDIMENSION width = JDIMENSION(wanted.width());
    jpeg_crop_scanline(&cinfo, &xoffset, &width);
    // The rows: those above are entropy-decoded only, those below never read.
    if (wanted.y() > 0 && jpeg_skip_scanlines(&cinfo, JDIMENSION(wanted.y())) != JDIMENSION(wanted.y())) {
        jpeg_destroy_decompress(&cinfo);
        return fail(job, ErrorCode::CorruptData, "the image data ends early");
    }
    job.band = QRect(int(xoffset), wanted.y(), int(cinfo.output_width), wanted.height());
    Q_ASSERT(job.band.contains(job.stored));

    job.rows = QImage(job.band.width(), job.band.height(), QImage::Format_RGB888);
    if (job.rows.isNull()) {
        jpeg_destroy_decompress(&cinfo);
        return fail(job, ErrorCode::TooLarge, "cannot allocate the region's pixels");
    }
    if (cmyk) {
        cmykRow = static_cast<JSAMPLE*>(std::malloc(size_t(cinfo.output_width) * 4));
        if (!cmykRow) {
            jpeg_destroy_decompress(&cinfo);
            return fail(job, ErrorCode::TooLarge, "out of memory");
        }
    }
    const bool inverted = cinfo.saw_Adobe_marker;
    uchar* const bits = job.rows.bits();
    const qsizetype stride = job.rows.bytesPerLine();
    const JDIMENSION end = JDIMENSION(wanted.y() + wanted.height());
    while (cinfo.output_scanline < end) {
        const JDIMENSION y = cinfo.output_scanline - JDIMENSION(wanted.y());
        if (cmyk) {
            JSAMPROW row = cmykRow;
            if (jpeg_read_scanlines(&cinfo, &row, 1) != 1) break;
            detail::cmykRowToRgb(cmykRow, bits + stride * y, int(cinfo.output_width), inverted);
        } else {
            JSAMPROW rows[16];
            const JDIMENSION n = qMin<JDIMENSION>(16, end - cinfo.output_scanline);
            for (JDIMENSION i = 0; i < n; ++i) rows[i] = bits + stride * (y + i);
            if (jpeg_read_scanlines(&cinfo, rows, n) == 0) break;
        }
    }
    const bool complete = cinfo.output_scanline >= end;
    std::free(cmykRow);
    cmykRow = nullptr;
    // Stopping early is what a region decode is for: jpeg_destroy_decompress() also aborts.
    jpeg_destroy_decompress(&cinfo);
    if (!complete) return fail(job, ErrorCode::CorruptData, "the image data ends early");
    return true;
}

struct StoredRegion {
    QImage pixels; // stored orientation, the clipped region only
    QRect clipped; // oriented coordinates
    QSize storedSize;
    QByteArray icc;
};

Result<StoredRegion> decodeJpegRegion(const QByteArray& bytes, const RegionRequest& request, int orientation) {
    JpegRegionJob job;
    job.oriented = request.region;
    job.orientation = orientation;
    job.maxPixels = request.maxPixels;
    const bool ok = runRegionDecode(bytes, job);
    QByteArray icc;
    if (job.icc) {
        icc = QByteArray(reinterpret_cast<const char*>(job.icc), qsizetype(job.iccSize));
        std::free(job.icc);
    }
    if (!ok) return makeError(job.code, QStringLiteral("JPEG: %1").arg(QString::fromLocal8Bit(job.message)));
    if (job.cmyk) icc.clear(); // the naive CMYK conversion already gave RGB, as in jpeg_decoder.cpp
    StoredRegion out;
    out.pixels = job.rows.copy(job.stored.translated(-job.band.topLeft()));
    out.clipped = job.clipped;
    out.storedSize = job.storedSize;
    out.icc = std::move(icc);
    return out;
}

// Any other format: the whole image, then the region cut out of it.
Result<StoredRegion> decodeWholeThenCrop(const QByteArray& bytes, const RegionRequest& request, int orientation) {
    DecodeRequest whole;
    whole.maxPixels = request.maxPixels;
    Result<DecodedImage> decoded = decodeImage(bytes, whole);
    if (!decoded.ok()) return decoded.error();
    StoredRegion out;
    out.storedSize = decoded->image.size();
    out.clipped = request.region & QRect(QPoint(0, 0), orientedSize(out.storedSize, orientation));
    if (out.clipped.isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("the region lies outside the image"));
    out.pixels = decoded->image.copy(orientedToStored(out.clipped, out.storedSize, orientation));
    out.icc = std::move(decoded->iccProfile);
    return out;
}

// JPEG 2000: only the tiles (code-blocks) under the region, at full resolution.
Result<StoredRegion> decodeJp2StoredRegion(const QByteArray& bytes, const RegionRequest& request, int orientation) {
    Result<ImageSize> size = detail::probeJp2Size(bytes);
    if (!size.ok()) return size.error();
    StoredRegion out;
    out.storedSize = QSize(size->width, size->height);
    out.clipped = request.region & QRect(QPoint(0, 0), orientedSize(out.storedSize, orientation));
    if (out.clipped.isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("the region lies outside the image"));
    detail::Jp2AreaRequest area;
    area.area = orientedToStored(out.clipped, out.storedSize, orientation);
    area.maxPixels = request.maxPixels;
    Result<detail::Jp2Area> decoded = detail::decodeJp2Area(bytes, area);
    if (!decoded.ok()) return decoded.error();
    out.pixels = std::move(decoded->decoded.image);
    out.icc = std::move(decoded->decoded.iccProfile);
    if (out.pixels.size() != area.area.size())
        return makeError(ErrorCode::CorruptData, QStringLiteral("JPEG 2000: the decoded area has the wrong size"));
    return out;
}

} // namespace

Result<Jp2Layout> probeJp2Layout(const QByteArray& jpeg2000) {
    const ImageFormat format = sniffImageFormat(jpeg2000);
    if (format != ImageFormat::Jp2 && format != ImageFormat::J2k)
        return makeError(ErrorCode::UnsupportedFormat, QStringLiteral("not a JPEG 2000 image"));
    return detail::probeJp2Structure(jpeg2000);
}

Result<LevelRegion> decodeRegionAtLevel(const QByteArray& jpeg2000, const LevelRegionRequest& request) {
    const ImageFormat format = sniffImageFormat(jpeg2000);
    if (format != ImageFormat::Jp2 && format != ImageFormat::J2k)
        return makeError(ErrorCode::UnsupportedFormat, QStringLiteral("not a JPEG 2000 image"));
    detail::Jp2AreaRequest area;
    area.area = request.region;
    area.reduction = std::max(0, request.reduction);
    area.maxPixels = request.maxPixels;
    Result<detail::Jp2Area> decoded = detail::decodeJp2Area(jpeg2000, area);
    if (!decoded.ok()) return decoded.error();
    LevelRegion out;
    out.image = std::move(decoded->decoded.image);
    out.region = decoded->area;
    out.reduction = decoded->reduction;
    out.fullSize = QSize(decoded->decoded.fullWidth, decoded->decoded.fullHeight);
    out.decodedSamples = decoded->decodedSamples;
    out.tilesDecoded = decoded->tilesDecoded;
    out.tileCount = decoded->tileCount;
    const QByteArray& icc = decoded->decoded.iccProfile;
    if (!icc.isEmpty() && !isSrgbProfile(icc)) {
        Result<QImage> converted = convertToSrgb(out.image, icc);
        if (converted.ok()) out.image = std::move(converted).value(); // else shown as it is
    }
    return out;
}

QSize orientedSize(const QSize& storedSize, int orientation) {
    return swapsAxes(orientation) ? storedSize.transposed() : storedSize;
}

QRect orientedToStored(const QRect& r, const QSize& stored, int orientation) {
    const int w = stored.width(), h = stored.height();
    // Derived from applyExifOrientation: where each oriented pixel came from in the stored image.
    switch (orientation) {
    case 2:
        return {w - r.x() - r.width(), r.y(), r.width(), r.height()}; // mirrored
    case 3:
        return {w - r.x() - r.width(), h - r.y() - r.height(), r.width(), r.height()}; // 180
    case 4:
        return {r.x(), h - r.y() - r.height(), r.width(), r.height()}; // flipped
    case 5:
        return {r.y(), r.x(), r.height(), r.width()}; // transpose
    case 6:
        return {r.y(), h - r.x() - r.width(), r.height(), r.width()}; // 90 cw
    case 7:
        return {w - r.y() - r.height(), h - r.x() - r.width(), r.height(), r.width()}; // transverse
    case 8:
        return {w - r.y() - r.height(), r.x(), r.height(), r.width()}; // 90 ccw
    default:
        return r;
    }
}

Result<DecodedRegion> decodeRegion(const QByteArray& original, const RegionRequest& request) {
    if (request.region.isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("an empty region was asked for"));
    int orientation = request.orientation;
    if (orientation == 0) {
        Result<PhotoMetadata> meta = readPhotoMetadata(original); // unreadable metadata: as stored
        orientation = meta.ok() ? meta->orientation : 1;
    }
    if (orientation < 1 || orientation > 8) orientation = 1;

    const ImageFormat format = sniffImageFormat(original);
    Result<StoredRegion> stored = format == ImageFormat::Jpeg ? decodeJpegRegion(original, request, orientation)
                                  : format == ImageFormat::Jp2 || format == ImageFormat::J2k
                                      ? decodeJp2StoredRegion(original, request, orientation)
                                      : decodeWholeThenCrop(original, request, orientation);
    if (!stored.ok()) return stored.error();

    DecodedRegion out;
    out.region = stored->clipped;
    out.fullSize = orientedSize(stored->storedSize, orientation);
    out.image = applyExifOrientation(stored->pixels, orientation);
    if (out.image.isNull())
        return makeError(ErrorCode::TooLarge, QStringLiteral("cannot allocate the region's pixels"));
    Q_ASSERT(out.image.size() == out.region.size());
    if (!isSrgbProfile(stored->icc)) {
        Result<QImage> converted = convertToSrgb(out.image, stored->icc);
        if (converted.ok()) {
            out.image = std::move(converted).value();
            out.colourConverted = true;
        } // else: an unusable profile; shown as it is, like the renditions
    }
    return out;
}

} // namespace pd
