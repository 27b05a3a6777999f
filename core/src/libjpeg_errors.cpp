// The shared libjpeg error policy (see libjpeg_errors.h).
#include "libjpeg_errors.h"

#include <cstring>

// After jpeglib.h, which defines what jerror.h's message list depends on.
#include <jerror.h>

namespace pd::detail {

namespace {

[[noreturn]] void failWith(j_common_ptr cinfo, ErrorCode code) {
    auto* err = reinterpret_cast<JpegErrorManager*>(cinfo->err);
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
    if (cinfo->is_decompressor && reinterpret_cast<j_decompress_ptr>(cinfo)->input_scan_number > kMaxJpegScans) {
        auto* err = reinterpret_cast<JpegErrorManager*>(cinfo->err);
        err->code = ErrorCode::CorruptData;
        std::snprintf(err->message, sizeof err->message, "more than %d progressive scans", kMaxJpegScans);
        std::longjmp(err->jump, 1);
    }
}

} // namespace

void installJpegErrorHandling(jpeg_decompress_struct& cinfo, JpegErrorManager& err) {
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = onError;
    err.pub.emit_message = onMessage;
    err.code = ErrorCode::Internal;
    err.message[0] = '\0';
    err.progress.progress_monitor = onProgress;
}

void cmykRowToRgb(const JSAMPLE* cmyk, unsigned char* rgb, int width, bool inverted) {
    for (int x = 0; x < width; ++x) {
        int c = cmyk[4 * x], m = cmyk[4 * x + 1], y = cmyk[4 * x + 2], k = cmyk[4 * x + 3];
        if (!inverted) {
            c = 255 - c;
            m = 255 - m;
            y = 255 - y;
            k = 255 - k;
        }
        rgb[3 * x] = JSAMPLE((c * k + 127) / 255);
        rgb[3 * x + 1] = JSAMPLE((m * k + 127) / 255);
        rgb[3 * x + 2] = JSAMPLE((y * k + 127) / 255);
    }
}

} // namespace pd::detail
