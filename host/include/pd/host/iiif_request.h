// IIIF Image API 3.0 requests: the pure parser of the URI path, and the planner that resolves a
// parsed request against an image's size and the size limit into pixels to decode and deliver.
#pragma once

#include "pd/core/result.h"

#include <QRect>
#include <QSize>

#include <string>
#include <string_view>

namespace pd::host {

struct IiifRegion {
    enum class Kind { Full, Square, Pixels, Percent };
    Kind kind = Kind::Full;
    double x = 0, y = 0, w = 0, h = 0; // Pixels: integers; Percent: 0..100
};

struct IiifSize {
    enum class Kind {
        Max,     // max / ^max
        Width,   // w,
        Height,  // ,h
        Percent, // pct:n
        Exact,   // w,h
        Fit,     // !w,h
    };
    Kind kind = Kind::Max;
    bool upscale = false; // the ^ prefix
    int w = 0, h = 0;
    double percent = 0;
};

enum class IiifQuality { Default, Color, Gray, Bitonal };
enum class IiifFormat { Jpg, Png };

struct IiifRequest {
    enum class Kind {
        Base,  // "<id>" alone: redirected to info.json
        Info,  // "<id>/info.json"
        Image, // "<id>/{region}/{size}/{rotation}/{quality}.{format}"
    };
    Kind kind = Kind::Info;
    std::string identifier; // percent-decoded
    IiifRegion region;
    IiifSize size;
    int rotation = 0; // 0, 90, 180 or 270 (clockwise)
    bool mirror = false; // the ! prefix: mirrored left-right before rotating
    IiifQuality quality = IiifQuality::Default;
    IiifFormat format = IiifFormat::Jpg;
};

// Parses what follows "/iiif/3/" in the path (no query string). Errors (InvalidArgument, meant
// as 400): a missing or extra segment, an empty identifier or one with a '/' or control
// character, any parameter outside the syntax, zero or negative sizes, a rotation that is not a
// multiple of 90 (this server implements level 2 rotation only), an unknown quality or format.
// Pure; never throws.
Result<IiifRequest> parseIiifRequest(std::string_view path);

// The size limit that applies to a request: a zoom proof for a visitor serves at most its own
// size; a share at most its maxPx on the long edge.
// maxWidth/maxHeight/maxArea bound the delivered image, as info.json advertises them. maxScale
// bounds the resolution: delivered pixels per full-resolution pixel. Without it a share limited
// to 1000 px could still be reassembled at full resolution from small regions.
struct IiifLimits {
    int maxWidth = 0;   // 0: no limit
    int maxHeight = 0;
    qint64 maxArea = 0; // 0: no limit
    double maxScale = 0; // 0: no limit
};

// What the image request resolves to for an image of `full` pixels.
struct IiifPlan {
    QRect region;     // full-resolution pixels, clipped to the image
    QSize size;       // delivered size before rotation
    int rotation = 0;
    bool mirror = false;
    IiifQuality quality = IiifQuality::Default;
    IiifFormat format = IiifFormat::Jpg;
    // The request's canonical form ("x,y,w,h/w,h/!90/default.jpg", with "full" and "max" where
    // they apply): two requests that produce the same image have the same canonical form.
    std::string canonical;
};

// Resolves per the specification: a region outside the image, a size of 0, a size above the
// region's without '^', or a size over the limits (except `max`, which is clamped to them) are
// InvalidArgument (400). Under limits.maxScale, whatever the size syntax: x,y,w,h and pct:
// regions must start and end on a grid of the smallest power of two >= 1/maxScale (or at the
// image's right/bottom edge), a region side must give at least one delivered pixel, and the
// delivered size is at most floor(side * maxScale) (a side cut short by the image's edge may
// round up: at most one pixel). Pure.
Result<IiifPlan> planIiifImage(const IiifRequest& request, QSize full, const IiifLimits& limits);

// The limits for an image of `full` pixels served at most `maxLongEdge` on the long edge (0 or
// at least the image's: its own size): maxWidth/maxHeight/maxArea, and maxScale when the limit
// is below the image's long edge.
IiifLimits iiifLimitsFor(QSize full, int maxLongEdge);

// The MIME type of a format.
const char* iiifMimeType(IiifFormat format);

} // namespace pd::host
