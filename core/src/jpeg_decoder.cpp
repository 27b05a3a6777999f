// JPEG decoding with libjpeg-turbo's libjpeg API: DCT-domain scaling, ICC, strict corruption checks.
#include "jpeg_decoder.h"

#include "libjpeg_errors.h"

#include <QtGlobal>

#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <jpeglib.h>
#include <jerror.h>

namespace pd::detail {

namespace {

// Everything the decode produces; owned by the caller of runDecode() so that nothing with a
// destructor lives in the frame that calls setjmp().
struct JpegJob {
    QImage image;
    JOCTET* icc = nullptr; // malloc()ed by jpeg_read_icc_profile
    unsigned int iccSize = 0;
    int fullWidth = 0;
    int fullHeight = 0;
    bool headerOnly = false;
    bool cmyk = false;
    int minLongEdge = 0;
    qint64 maxPixels = 0;
    ErrorCode code = ErrorCode::Internal;
    char message[JMSG_LENGTH_MAX] = {};
};

// The libjpeg part. Returns false with job.code/job.message set on failure.
bool runDecode(const QByteArray& bytes, JpegJob& job) {
    jpeg_decompress_struct cinfo;
    JpegErrorManager err;
    std::memset(&cinfo, 0, sizeof cinfo);
    installJpegErrorHandling(cinfo, err);
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
    jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char*>(bytes.constData()), static_cast<unsigned long>(bytes.size()));
    if (!job.headerOnly) jpeg_save_markers(&cinfo, JPEG_APP0 + 2, 0xFFFF);
    jpeg_read_header(&cinfo, TRUE);
    job.fullWidth = int(cinfo.image_width);
    job.fullHeight = int(cinfo.image_height);
    if (job.headerOnly) {
        jpeg_destroy_decompress(&cinfo);
        return true;
    }

    if (qint64(cinfo.image_width) * qint64(cinfo.image_height) > job.maxPixels) {
        job.code = ErrorCode::TooLarge;
        std::snprintf(job.message, sizeof job.message, "%ux%u pixels is over the limit of %lld",
                      cinfo.image_width, cinfo.image_height, static_cast<long long>(job.maxPixels));
        jpeg_destroy_decompress(&cinfo);
        return false;
    }

    JOCTET* icc = nullptr;
    unsigned int iccSize = 0;
    if (jpeg_read_icc_profile(&cinfo, &icc, &iccSize)) {
        job.icc = icc;
        job.iccSize = iccSize;
    }

    // The most reduction whose output still covers the request (0 = full size).
    const unsigned int longEdge = qMax(cinfo.image_width, cinfo.image_height);
    unsigned int denom = 1;
    if (job.minLongEdge > 0)
        while (denom < 8 && (longEdge + 2 * denom - 1) / (2 * denom) >= unsigned(job.minLongEdge)) denom *= 2;
    cinfo.scale_num = 1;
    cinfo.scale_denom = denom;

    const bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    job.cmyk = cmyk;
    cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_EXT_RGB;
    cinfo.dct_method = JDCT_ISLOW;
    jpeg_calc_output_dimensions(&cinfo);

    job.image = QImage(int(cinfo.output_width), int(cinfo.output_height), QImage::Format_RGB888);
    if (job.image.isNull()) {
        job.code = ErrorCode::TooLarge;
        std::snprintf(job.message, sizeof job.message, "cannot allocate %ux%u pixels", cinfo.output_width, cinfo.output_height);
        jpeg_destroy_decompress(&cinfo);
        return false;
    }
    if (cmyk) {
        cmykRow = static_cast<JSAMPLE*>(std::malloc(size_t(cinfo.output_width) * 4));
        if (!cmykRow) {
            job.code = ErrorCode::TooLarge;
            std::snprintf(job.message, sizeof job.message, "out of memory");
            jpeg_destroy_decompress(&cinfo);
            return false;
        }
    }

    jpeg_start_decompress(&cinfo);
    const bool inverted = cinfo.saw_Adobe_marker;
    uchar* const bits = job.image.bits();
    const qsizetype stride = job.image.bytesPerLine();
    while (cinfo.output_scanline < cinfo.output_height) {
        if (cmyk) {
            JSAMPROW row = cmykRow;
            const JDIMENSION y = cinfo.output_scanline;
            if (jpeg_read_scanlines(&cinfo, &row, 1) != 1) break;
            cmykRowToRgb(cmykRow, bits + stride * y, int(cinfo.output_width), inverted);
        } else {
            JSAMPROW rows[16];
            const JDIMENSION y = cinfo.output_scanline;
            const JDIMENSION n = qMin<JDIMENSION>(16, cinfo.output_height - y);
            for (JDIMENSION i = 0; i < n; ++i) rows[i] = bits + stride * (y + i);
            if (jpeg_read_scanlines(&cinfo, rows, n) == 0) break;
        }
    }
    const bool complete = cinfo.output_scanline == cinfo.output_height;
    // No jpeg_finish_decompress(): what follows the last scanline (trailing markers, padding)
    // does not change the pixels and is not worth parsing.
    std::free(cmykRow);
    cmykRow = nullptr;
    jpeg_destroy_decompress(&cinfo);
    if (!complete) {
        job.code = ErrorCode::CorruptData;
        std::snprintf(job.message, sizeof job.message, "the image data ends early");
        return false;
    }
    return true;
}

Error jobError(const JpegJob& job) {
    return makeError(job.code, QStringLiteral("JPEG: %1").arg(QString::fromLocal8Bit(job.message)));
}

} // namespace

Result<DecodedImage> decodeJpeg(const QByteArray& bytes, const DecodeRequest& request) {
    JpegJob job;
    job.minLongEdge = qMax(0, request.minLongEdge);
    job.maxPixels = request.maxPixels;
    const bool ok = runDecode(bytes, job);
    QByteArray icc;
    if (job.icc) {
        icc = QByteArray(reinterpret_cast<const char*>(job.icc), qsizetype(job.iccSize));
        std::free(job.icc);
    }
    if (!ok) return jobError(job);
    // The naive CMYK conversion already produced RGB: a CMYK profile no longer describes it.
    if (job.cmyk) icc.clear();

    DecodedImage out;
    out.image = std::move(job.image);
    out.format = ImageFormat::Jpeg;
    out.fullWidth = job.fullWidth;
    out.fullHeight = job.fullHeight;
    out.iccProfile = std::move(icc);
    return out;
}

Result<ImageSize> probeJpegSize(const QByteArray& bytes) {
    JpegJob job;
    job.headerOnly = true;
    if (!runDecode(bytes, job)) return jobError(job);
    return ImageSize{job.fullWidth, job.fullHeight};
}

} // namespace pd::detail
