// JPEG decoding with libjpeg-turbo's libjpeg API: DCT-domain scaling, ICC, strict corruption checks.
#include "jpeg_decoder.h"

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

// Progressive files with thousands of tiny scans decode for minutes; TurboJPEG's
// TJFLAG_LIMITSCANS uses the same bound.
constexpr int kMaxScans = 500;

// What the libjpeg callbacks leave for the C++ side. Trivially destructible on purpose: the
// error path longjmp()s over the frames that hold it.
struct ErrorManager {
    jpeg_error_mgr pub;
    jpeg_progress_mgr progress;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    ErrorCode code;
};

[[noreturn]] void failWith(j_common_ptr cinfo, ErrorCode code) {
    auto* err = reinterpret_cast<ErrorManager*>(cinfo->err);
    err->code = code;
    (*cinfo->err->format_message)(cinfo, err->message);
    std::longjmp(err->jump, 1);
}

[[noreturn]] void onError(j_common_ptr cinfo) {
    const int msg = cinfo->err->msg_code;
    const bool tooLarge = msg == JERR_OUT_OF_MEMORY || msg == JERR_IMAGE_TOO_BIG || msg == JERR_WIDTH_OVERFLOW;
    failWith(cinfo, tooLarge ? ErrorCode::TooLarge : ErrorCode::CorruptData);
}

// libjpeg "warns" about truncated and corrupt entropy data and then fills the rest with grey.
// For an import that is a broken original, so those warnings become CorruptData errors.
bool isCorruptionWarning(const jpeg_error_mgr* err) {
    switch (err->msg_code) {
    case JWRN_JPEG_EOF:
    case JWRN_HIT_MARKER:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_ARITH_BAD_CODE:
    case JWRN_MUST_RESYNC:
    case JWRN_NOT_SEQUENTIAL:
        return true;
    case JWRN_EXTRANEOUS_DATA:
        // Padding before the final EOI is common in camera files and harmless.
        return err->msg_parm.i[1] != 0xD9;
    default:
        return false; // e.g. a bad ICC marker, an unknown JFIF revision: the pixels are fine
    }
}

void onMessage(j_common_ptr cinfo, int level) {
    if (level < 0 && isCorruptionWarning(cinfo->err)) failWith(cinfo, ErrorCode::CorruptData);
    // Trace messages and benign warnings are dropped: no stderr output from a library.
}

void onProgress(j_common_ptr cinfo) {
    if (cinfo->is_decompressor && reinterpret_cast<j_decompress_ptr>(cinfo)->input_scan_number > kMaxScans) {
        auto* err = reinterpret_cast<ErrorManager*>(cinfo->err);
        err->code = ErrorCode::CorruptData;
        std::snprintf(err->message, sizeof err->message, "more than %d progressive scans", kMaxScans);
        std::longjmp(err->jump, 1);
    }
}

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

// Adobe CMYK JPEGs store inverted ink values; without the Adobe marker they are plain.
void cmykRowToRgb(const JSAMPLE* cmyk, uchar* rgb, int width, bool inverted) {
    for (int x = 0; x < width; ++x) {
        int c = cmyk[4 * x], m = cmyk[4 * x + 1], y = cmyk[4 * x + 2], k = cmyk[4 * x + 3];
        if (!inverted) { c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k; }
        rgb[3 * x] = JSAMPLE((c * k + 127) / 255);
        rgb[3 * x + 1] = JSAMPLE((m * k + 127) / 255);
        rgb[3 * x + 2] = JSAMPLE((y * k + 127) / 255);
    }
}

// The libjpeg part. Returns false with job.code/job.message set on failure.
bool runDecode(const QByteArray& bytes, JpegJob& job) {
    jpeg_decompress_struct cinfo;
    ErrorManager err;
    std::memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = onError;
    err.pub.emit_message = onMessage;
    err.code = ErrorCode::Internal;
    err.message[0] = '\0';
    err.progress.progress_monitor = onProgress;
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
