// The studio renditions (preview and thumbnail) of an edited photo, from its original.
#pragma once

#include "pd/core/edit_operations.h"
#include "pd/core/renditions.h"

namespace pd {

// Like makeStudioRenditions, through the edit list: one decode, at the smallest DCT scale whose
// edited (cropped) part still covers the 2048 px preview; then orient, edit, sRGB, resize, encode
// the preview and make the thumbnail from the preview's pixels. With no edits the result is
// exactly makeStudioRenditions(original). Never watermarked. Pure and thread-safe; errors as
// decodeImage.
Result<StudioRenditions> makeEditedRenditions(const QByteArray& original, const EditList& edits);

} // namespace pd
