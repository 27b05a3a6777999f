// Deciding whether uploaded bytes are the rendition they claim to be: the right kind of image,
// decodable, of a sane size, before the store keeps them.
#pragma once

#include "pd/core/result.h"
#include "pd/host/host_records.h"

#include <QByteArray>
#include <QString>

#include <string_view>

namespace pd::host {

// The largest rendition the host accepts, in pixels at full resolution.
inline constexpr qint64 kMaxRenditionPixels = 100'000'000;

// The rendition type a Content-Type names: "image/jpeg" or "image/jp2" (case and parameters
// ignored), or empty when it is neither.
QString renditionMime(std::string_view contentType);

// Checks that `bytes` are an image of type `mime` (from renditionMime) in the profile the host
// serves — JPEG: baseline, extended or progressive Huffman, 8-bit, greyscale or 3 components (what
// browsers show); JP2: the JP2 file format (no JPX requirements), 8-bit sRGB or greyscale, no
// palette, full-resolution components, a codestream that matches its header and ends in EOC (what
// the IIIF renderer reads) — and by decoding them at the smallest size the format offers (JPEG:
// 1/8 DCT scale; JPEG 2000: the lowest resolution level),
// and returns what the store keeps about them (mime, full width and height, size; sha256 is left
// empty for the caller, which hashes the bytes first to compare them with the URL's hash).
// Errors: CorruptData when the bytes are another format, truncated or broken; TooLarge over
// kMaxRenditionPixels; InvalidArgument for a zero dimension. The messages say what is wrong.
// Pure and thread-safe; never crashes or hangs on hostile input (the decoders' contract).
Result<BlobInfo> checkRendition(const QByteArray& bytes, const QString& mime);

} // namespace pd::host
