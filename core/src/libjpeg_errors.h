// The libjpeg error policy both JPEG decoders share: errors and corruption warnings end the
// decode with a pd::ErrorCode (libjpeg would fill the rest with grey), and a bound on the number
// of progressive scans stops hostile files that would decode for minutes.
#pragma once

#include "pd/core/result.h"

#include <csetjmp>
#include <cstdio>

#include <jpeglib.h>

namespace pd::detail {

// TurboJPEG's TJFLAG_LIMITSCANS uses the same bound.
inline constexpr int kMaxJpegScans = 500;

// What the libjpeg callbacks leave for the C++ side. Trivially destructible on purpose: the
// error path longjmp()s over the frames that hold it. Use: installJpegErrorHandling(cinfo, err),
// then `if (setjmp(err.jump)) { ...err.code, err.message... }` in the decoding function itself.
struct JpegErrorManager {
    jpeg_error_mgr pub;
    jpeg_progress_mgr progress;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    ErrorCode code;
};

// Sets cinfo.err to err with the policy above; call before jpeg_create_decompress. After it (which
// zeroes the rest of cinfo) set `cinfo.progress = &err.progress`.
void installJpegErrorHandling(jpeg_decompress_struct& cinfo, JpegErrorManager& err);

// One row of (Adobe-inverted or plain) CMYK samples to RGB888.
void cmykRowToRgb(const JSAMPLE* cmyk, unsigned char* rgb, int width, bool inverted);

} // namespace pd::detail
