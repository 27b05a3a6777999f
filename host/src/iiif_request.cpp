// Parses IIIF Image API 3.0 URI paths and resolves them against an image's size and limits.
#include "pd/host/iiif_request.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace pd::host {

namespace {

Error badSyntax(const QString& what) {
    return makeError(ErrorCode::InvalidArgument, what);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (;;) {
        const size_t at = s.find(sep, start);
        parts.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos) return parts;
        start = at + 1;
    }
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// %XX decoded; nullopt for a broken escape or a control character (raw or decoded).
std::optional<std::string> percentDecode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '%') {
            if (i + 2 >= s.size()) return std::nullopt;
            const int hi = hexValue(s[i + 1]), lo = hexValue(s[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            c = char(hi * 16 + lo);
            i += 2;
        }
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return std::nullopt;
        out.push_back(c);
    }
    return out;
}

// A non-negative integer of at most 9 digits.
std::optional<int> parseInt(std::string_view s) {
    if (s.empty() || s.size() > 9) return std::nullopt;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

// A non-negative decimal ("12", "12.5", "0.25"): no sign, no exponent, at most 12 characters.
std::optional<double> parseDecimal(std::string_view s) {
    if (s.empty() || s.size() > 12 || s.front() == '.' || s.back() == '.') return std::nullopt;
    double v = 0, scale = 0;
    for (char c : s) {
        if (c == '.') {
            if (scale != 0) return std::nullopt;
            scale = 1;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        if (scale == 0) v = v * 10 + (c - '0');
        else v += (c - '0') * (scale /= 10);
    }
    return v;
}

Result<IiifRegion> parseRegion(std::string_view s) {
    IiifRegion r;
    if (s == "full") return r;
    if (s == "square") {
        r.kind = IiifRegion::Kind::Square;
        return r;
    }
    const bool pct = s.substr(0, 4) == "pct:";
    const std::vector<std::string_view> parts = split(pct ? s.substr(4) : s, ',');
    if (parts.size() != 4) return badSyntax(QStringLiteral("the region must be full, square, x,y,w,h or pct:x,y,w,h"));
    double v[4];
    for (int i = 0; i < 4; ++i) {
        std::optional<double> n = parseDecimal(parts[size_t(i)]);
        if (!pct) {
            const std::optional<int> whole = parseInt(parts[size_t(i)]);
            n = whole ? std::optional<double>(*whole) : std::nullopt;
        }
        if (!n) return badSyntax(QStringLiteral("the region must be full, square, x,y,w,h or pct:x,y,w,h"));
        v[i] = *n;
    }
    if (v[2] <= 0 || v[3] <= 0) return badSyntax(QStringLiteral("the region's width and height must be above 0"));
    if (pct && (v[0] > 100 || v[1] > 100)) return badSyntax(QStringLiteral("a percentage region starts within 0..100"));
    r.kind = pct ? IiifRegion::Kind::Percent : IiifRegion::Kind::Pixels;
    r.x = v[0];
    r.y = v[1];
    r.w = v[2];
    r.h = v[3];
    return r;
}

Result<IiifSize> parseSize(std::string_view s) {
    IiifSize z;
    if (!s.empty() && s.front() == '^') {
        z.upscale = true;
        s.remove_prefix(1);
    }
    const Error bad = badSyntax(QStringLiteral("the size must be max, w,, ,h, pct:n, w,h or !w,h (optionally after ^)"));
    if (s == "max") return z;
    if (s.substr(0, 4) == "pct:") {
        const std::optional<double> n = parseDecimal(s.substr(4));
        if (!n || *n <= 0) return bad;
        z.kind = IiifSize::Kind::Percent;
        z.percent = *n;
        return z;
    }
    const bool fit = !s.empty() && s.front() == '!';
    if (fit) s.remove_prefix(1);
    const std::vector<std::string_view> parts = split(s, ',');
    if (parts.size() != 2) return bad;
    const std::optional<int> w = parts[0].empty() ? std::optional<int>(0) : parseInt(parts[0]);
    const std::optional<int> h = parts[1].empty() ? std::optional<int>(0) : parseInt(parts[1]);
    if (!w || !h || (parts[0].empty() && parts[1].empty())) return bad;
    if ((!parts[0].empty() && *w == 0) || (!parts[1].empty() && *h == 0))
        return badSyntax(QStringLiteral("a size of 0 pixels was asked for"));
    z.w = *w;
    z.h = *h;
    if (fit) {
        if (parts[0].empty() || parts[1].empty()) return bad;
        z.kind = IiifSize::Kind::Fit;
    } else if (parts[0].empty()) {
        z.kind = IiifSize::Kind::Height;
    } else if (parts[1].empty()) {
        z.kind = IiifSize::Kind::Width;
    } else {
        z.kind = IiifSize::Kind::Exact;
    }
    return z;
}

Status parseRotation(std::string_view s, IiifRequest& out) {
    if (!s.empty() && s.front() == '!') {
        out.mirror = true;
        s.remove_prefix(1);
    }
    const std::optional<double> degrees = parseDecimal(s);
    if (!degrees || *degrees > 360) return badSyntax(QStringLiteral("the rotation must be a number of degrees from 0 to 360, optionally after !"));
    const double turns = *degrees / 90.0;
    if (turns != std::floor(turns))
        return badSyntax(QStringLiteral("only rotations by multiples of 90 degrees are supported"));
    out.rotation = (int(turns) % 4) * 90;
    return {};
}

Status parseQualityFormat(std::string_view s, IiifRequest& out) {
    const size_t dot = s.rfind('.');
    if (dot == std::string_view::npos) return badSyntax(QStringLiteral("the last segment must be {quality}.{format}"));
    const std::string_view quality = s.substr(0, dot), format = s.substr(dot + 1);
    if (quality == "default") out.quality = IiifQuality::Default;
    else if (quality == "color") out.quality = IiifQuality::Color;
    else if (quality == "gray") out.quality = IiifQuality::Gray;
    else if (quality == "bitonal") out.quality = IiifQuality::Bitonal;
    else return badSyntax(QStringLiteral("the quality must be default, color, gray or bitonal"));
    if (format == "jpg") out.format = IiifFormat::Jpg;
    else if (format == "png") out.format = IiifFormat::Png;
    else return badSyntax(QStringLiteral("the format must be jpg or png"));
    return {};
}

std::string rectText(const QRect& r) {
    return std::to_string(r.x()) + ',' + std::to_string(r.y()) + ',' + std::to_string(r.width()) + ',' +
           std::to_string(r.height());
}

} // namespace

Result<IiifRequest> parseIiifRequest(std::string_view path) {
    std::vector<std::string_view> segments = split(path, '/');
    if (segments.size() == 2 && segments[1].empty()) segments.pop_back(); // "<id>/"
    IiifRequest out;
    const std::optional<std::string> id = percentDecode(segments[0]);
    if (!id || id->empty() || id->find('/') != std::string::npos || id->size() > 200)
        return badSyntax(QStringLiteral("the image identifier is missing or malformed"));
    out.identifier = *id;
    if (segments.size() == 1) {
        out.kind = IiifRequest::Kind::Base;
        return out;
    }
    if (segments.size() == 2 && segments[1] == "info.json") {
        out.kind = IiifRequest::Kind::Info;
        return out;
    }
    if (segments.size() != 5)
        return badSyntax(QStringLiteral("an image request is {id}/{region}/{size}/{rotation}/{quality}.{format}"));
    out.kind = IiifRequest::Kind::Image;
    std::string decoded[4];
    for (size_t i = 1; i < 5; ++i) {
        const std::optional<std::string> d = percentDecode(segments[i]);
        if (!d) return badSyntax(QStringLiteral("a malformed percent escape"));
        decoded[i - 1] = *d;
    }
    Result<IiifRegion> region = parseRegion(decoded[0]);
    if (!region.ok()) return region.error();
    out.region = *region;
    Result<IiifSize> size = parseSize(decoded[1]);
    if (!size.ok()) return size.error();
    out.size = *size;
    PD_TRY(parseRotation(decoded[2], out));
    PD_TRY(parseQualityFormat(decoded[3], out));
    return out;
}

IiifLimits iiifLimitsFor(QSize full, int maxLongEdge) {
    IiifLimits limits;
    limits.maxWidth = maxLongEdge > 0 ? std::min(maxLongEdge, full.width()) : full.width();
    limits.maxHeight = maxLongEdge > 0 ? std::min(maxLongEdge, full.height()) : full.height();
    limits.maxArea = qint64(limits.maxWidth) * limits.maxHeight;
    const int longEdge = std::max(full.width(), full.height());
    if (maxLongEdge > 0 && maxLongEdge < longEdge) limits.maxScale = double(maxLongEdge) / longEdge;
    return limits;
}

Result<IiifPlan> planIiifImage(const IiifRequest& request, QSize full, const IiifLimits& limits) {
    const QRect image(QPoint(0, 0), full);
    IiifPlan plan;
    const IiifRegion& r = request.region;
    switch (r.kind) {
    case IiifRegion::Kind::Full: plan.region = image; break;
    case IiifRegion::Kind::Square: {
        const int side = std::min(full.width(), full.height());
        plan.region = QRect((full.width() - side) / 2, (full.height() - side) / 2, side, side);
        break;
    }
    case IiifRegion::Kind::Pixels:
        plan.region = QRect(int(r.x), int(r.y), int(r.w), int(r.h)) & image;
        break;
    case IiifRegion::Kind::Percent: {
        const int x0 = int(std::lround(r.x * full.width() / 100.0)), y0 = int(std::lround(r.y * full.height() / 100.0));
        const int x1 = int(std::lround(std::min(r.x + r.w, 100.0) * full.width() / 100.0));
        const int y1 = int(std::lround(std::min(r.y + r.h, 100.0) * full.height() / 100.0));
        plan.region = QRect(x0, y0, x1 - x0, y1 - y0) & image;
        break;
    }
    }
    if (plan.region.isEmpty()) return badSyntax(QStringLiteral("the region lies outside the image"));
    if (limits.maxScale > 0 && (r.kind == IiifRegion::Kind::Pixels || r.kind == IiifRegion::Kind::Percent)) {
        // Under a resolution limit, regions keep to a grid of the smallest power of two that
        // is at least 1/maxScale (the tiles info.json lists do): sums over arbitrary windows,
        // slid by a pixel and subtracted, would otherwise give back the full resolution.
        int grid = 1;
        while (grid < 1 << 20 && grid * limits.maxScale < 1.0 - 1e-9) grid *= 2;
        const auto aligned = [grid](int start, int end, int imageEnd) {
            return start % grid == 0 && (end % grid == 0 || end == imageEnd);
        };
        if (!aligned(plan.region.x(), plan.region.x() + plan.region.width(), full.width()) ||
            !aligned(plan.region.y(), plan.region.y() + plan.region.height(), full.height()))
            return badSyntax(QStringLiteral("at the size this image is served at, a region must start and end on "
                                            "multiples of %1 pixels (or at the image's edge), as the tiles in "
                                            "info.json do")
                                 .arg(grid));
    }

    const double rw = plan.region.width(), rh = plan.region.height();
    const double mw = limits.maxWidth > 0 ? limits.maxWidth : 1e9, mh = limits.maxHeight > 0 ? limits.maxHeight : 1e9;
    const double ma = limits.maxArea > 0 ? double(limits.maxArea) : 1e18;
    // Under a resolution limit every delivered pixel must stand for at least 1/maxScale source
    // pixels in each direction, whatever the size syntax: otherwise small regions, each clamped
    // to at least one pixel, stitch back into the full-resolution image. A region too small to
    // give one such pixel is refused; outputs are capped at floor(extent * maxScale). A side the
    // image's right or bottom edge cuts short (the last column or row of tiles a viewer asks
    // for) may round up to the next pixel instead: that concedes at most one pixel, at the
    // image's edge only, and keeps every tile info.json advertises servable.
    double capW = 1e9, capH = 1e9;
    if (limits.maxScale > 0) {
        const bool edgeX = plan.region.right() == image.right(), edgeY = plan.region.bottom() == image.bottom();
        const double minSide = 1.0 / limits.maxScale;
        if ((!edgeX && rw * limits.maxScale < 1.0 - 1e-9) || (!edgeY && rh * limits.maxScale < 1.0 - 1e-9))
            return badSyntax(QStringLiteral("the region is smaller than this image allows: at most %1x%2 is served for "
                                            "the full image, so a region must be at least %3 pixels wide and high")
                                 .arg(limits.maxWidth).arg(limits.maxHeight).arg(int(std::ceil(minSide - 1e-9))));
        const auto cap = [&](double extent, bool edge) {
            const double exact = extent * limits.maxScale;
            return std::max(1.0, edge ? std::ceil(exact - 1e-9) : std::floor(exact + 1e-9));
        };
        capW = cap(rw, edgeX);
        capH = cap(rh, edgeY);
    }
    // The largest scale of the region within the limits (and within the region unless ^).
    const auto maxScale = [&](bool upscale) {
        double s = std::min({mw / rw, mh / rh, std::sqrt(ma / (rw * rh))});
        if (limits.maxScale > 0) s = std::min(s, limits.maxScale);
        return upscale ? s : std::min(s, 1.0);
    };
    const auto scaled = [&](double s) {
        return QSize(std::max(1, int(std::min({std::floor(rw * s + 0.5), mw, capW}))),
                     std::max(1, int(std::min({std::floor(rh * s + 0.5), mh, capH}))));
    };
    const IiifSize& z = request.size;
    bool checkLimits = true;
    switch (z.kind) {
    case IiifSize::Kind::Max:
        plan.size = scaled(maxScale(z.upscale));
        checkLimits = false; // max is clamped to the limits by definition
        break;
    case IiifSize::Kind::Width:
        plan.size = QSize(z.w, std::max(1, int(std::lround(rh * z.w / rw))));
        break;
    case IiifSize::Kind::Height:
        plan.size = QSize(std::max(1, int(std::lround(rw * z.h / rh))), z.h);
        break;
    case IiifSize::Kind::Percent:
        plan.size = QSize(int(std::lround(rw * z.percent / 100.0)), int(std::lround(rh * z.percent / 100.0)));
        break;
    case IiifSize::Kind::Exact: plan.size = QSize(z.w, z.h); break;
    case IiifSize::Kind::Fit: {
        double s = std::min(z.w / rw, z.h / rh);
        if (!z.upscale) s = std::min(s, 1.0);
        s = std::min(s, maxScale(true));
        plan.size = QSize(std::max(1, int(std::min({std::floor(rw * s + 1e-9), double(z.w), capW}))),
                          std::max(1, int(std::min({std::floor(rh * s + 1e-9), double(z.h), capH}))));
        checkLimits = false; // fitted within the limits above
        break;
    }
    }
    if (plan.size.width() <= 0 || plan.size.height() <= 0) return badSyntax(QStringLiteral("the size works out at 0 pixels"));
    if (!z.upscale && (plan.size.width() > plan.region.width() || plan.size.height() > plan.region.height()))
        return badSyntax(QStringLiteral("a size larger than the region needs the ^ prefix"));
    if (checkLimits && (plan.size.width() > mw || plan.size.height() > mh ||
                        double(plan.size.width()) * plan.size.height() > ma))
        return badSyntax(QStringLiteral("the size is over the largest this image is served at (%1x%2)")
                             .arg(limits.maxWidth).arg(limits.maxHeight));
    // Every kind, max and !w,h included: the caps above are the rule, not a hint.
    if (plan.size.width() > capW || plan.size.height() > capH)
        return badSyntax(QStringLiteral("the size is over the resolution this image is served at (%1x%2 for the full image)")
                             .arg(limits.maxWidth).arg(limits.maxHeight));
    plan.rotation = request.rotation;
    plan.mirror = request.mirror;
    plan.quality = request.quality;
    plan.format = request.format;

    const bool isFull = plan.region == image;
    const QSize maxSize = scaled(maxScale(false));
    std::string size;
    if (plan.size == maxSize) size = "max";
    else size = std::string(plan.size.width() > plan.region.width() || plan.size.height() > plan.region.height() ? "^" : "") +
                std::to_string(plan.size.width()) + ',' + std::to_string(plan.size.height());
    static const char* const kQualities[] = {"default", "color", "gray", "bitonal"};
    plan.canonical = (isFull ? std::string("full") : rectText(plan.region)) + '/' + size + '/' + (plan.mirror ? "!" : "") +
                     std::to_string(plan.rotation) + '/' + kQualities[int(plan.quality)] + '.' +
                     (plan.format == IiifFormat::Png ? "png" : "jpg");
    return plan;
}

const char* iiifMimeType(IiifFormat format) {
    return format == IiifFormat::Png ? "image/png" : "image/jpeg";
}

} // namespace pd::host
