// Orientation and colour management for renditions (Little CMS for the colour transforms).
#include "pd/core/image_ops.h"

#include <QHash>
#include <QTransform>

#include <lcms2.h>

#include <cmath>
#include <memory>
#include <mutex>

namespace pd {

QImage applyExifOrientation(const QImage& image, int orientation) {
    switch (orientation) {
    case 2: return image.mirrored(true, false);
    case 3: return image.mirrored(true, true);                    // 180 degrees
    case 4: return image.mirrored(false, true);
    case 5: return image.transformed(QTransform().rotate(90)).mirrored(true, false);  // transpose
    case 6: return image.transformed(QTransform().rotate(90));    // 90 degrees clockwise
    case 7: return image.transformed(QTransform().rotate(-90)).mirrored(true, false); // transverse
    case 8: return image.transformed(QTransform().rotate(-90));   // 90 degrees counter-clockwise
    default: return image;                                        // 1, absent or out of range
    }
}

namespace {

struct ProfileDeleter { void operator()(void* p) const { cmsCloseProfile(p); } };
using ProfilePtr = std::unique_ptr<void, ProfileDeleter>;

ProfilePtr openProfile(const QByteArray& icc) {
    if (icc.isEmpty()) return {};
    return ProfilePtr(cmsOpenProfileFromMem(icc.constData(), cmsUInt32Number(icc.size())));
}

bool nearXyz(cmsHPROFILE a, cmsHPROFILE b, cmsTagSignature tag) {
    const auto* x = static_cast<const cmsCIEXYZ*>(cmsReadTag(a, tag));
    const auto* y = static_cast<const cmsCIEXYZ*>(cmsReadTag(b, tag));
    if (!x || !y) return false;
    constexpr double kTolerance = 0.005; // rounding between vendors' sRGB profiles stays well inside
    return std::abs(x->X - y->X) < kTolerance && std::abs(x->Y - y->Y) < kTolerance && std::abs(x->Z - y->Z) < kTolerance;
}

bool nearCurve(cmsHPROFILE a, cmsHPROFILE b, cmsTagSignature tag) {
    const auto* x = static_cast<const cmsToneCurve*>(cmsReadTag(a, tag));
    const auto* y = static_cast<const cmsToneCurve*>(cmsReadTag(b, tag));
    if (!x || !y) return false;
    for (float v : {0.05f, 0.1f, 0.25f, 0.5f, 0.75f, 0.9f})
        if (std::abs(cmsEvalToneCurveFloat(x, v) - cmsEvalToneCurveFloat(y, v)) > 0.01f) return false;
    return true;
}

// True when a parsed RGB matrix/shaper profile has sRGB's colorants and tone curves, whatever
// its name (cameras and editors ship many byte-different sRGB profiles).
bool describesSrgb(cmsHPROFILE profile, cmsHPROFILE srgb) {
    if (cmsGetColorSpace(profile) != cmsSigRgbData) return false;
    return nearXyz(profile, srgb, cmsSigRedColorantTag) && nearXyz(profile, srgb, cmsSigGreenColorantTag) &&
           nearXyz(profile, srgb, cmsSigBlueColorantTag) && nearCurve(profile, srgb, cmsSigRedTRCTag) &&
           nearCurve(profile, srgb, cmsSigGreenTRCTag) && nearCurve(profile, srgb, cmsSigBlueTRCTag);
}

// Little CMS reports problems through a global handler; keep it off stderr.
void quietLcms(cmsContext, cmsUInt32Number, const char*) {}

struct TransformDeleter { void operator()(void* t) const { cmsDeleteTransform(t); } };

// Transforms are costly to build (tens of ms for LUT profiles) and a shoot usually carries one
// profile, so they are kept by profile bytes. cmsDoTransform works on a per-call copy of the
// transform's cache, so one transform may be used by several threads at once.
class TransformCache {
public:
    struct Entry {
        bool srgb = false;               // nothing to convert
        std::shared_ptr<void> transform; // null when srgb, or when the profile cannot be converted
        bool grey = false;
        QString error;
    };

    TransformCache() { cmsSetLogErrorHandler(quietLcms); }

    Entry get(const QByteArray& icc) {
        {
            std::lock_guard lock(m_mutex);
            const auto it = m_entries.constFind(icc);
            if (it != m_entries.cend()) return *it;
        }
        Entry entry = create(icc);
        std::lock_guard lock(m_mutex);
        if (m_entries.size() >= kMaxEntries) m_entries.clear(); // rare: many distinct profiles in one run
        m_entries.insert(icc, entry);
        return entry;
    }

private:
    static constexpr int kMaxEntries = 16;

    static Entry create(const QByteArray& icc) {
        Entry entry;
        const ProfilePtr source = openProfile(icc);
        if (!source) {
            entry.error = QStringLiteral("the embedded ICC profile cannot be parsed");
            return entry;
        }
        const cmsColorSpaceSignature space = cmsGetColorSpace(source.get());
        if (space != cmsSigRgbData && space != cmsSigGrayData) {
            entry.error = QStringLiteral("the embedded ICC profile is not for RGB or grey pixels");
            return entry;
        }
        // A fresh sRGB profile per transform: profiles are not shared between threads.
        const ProfilePtr srgb(cmsCreate_sRGBProfile());
        if (describesSrgb(source.get(), srgb.get())) {
            entry.srgb = true;
            return entry;
        }
        entry.grey = space == cmsSigGrayData;
        cmsHTRANSFORM t = cmsCreateTransformTHR(nullptr, source.get(), entry.grey ? TYPE_GRAY_8 : TYPE_RGB_8,
                                                srgb.get(), TYPE_RGB_8, INTENT_PERCEPTUAL, 0);
        if (!t) {
            entry.error = QStringLiteral("Little CMS cannot convert the embedded ICC profile to sRGB");
            return entry;
        }
        entry.transform = std::shared_ptr<void>(t, TransformDeleter());
        return entry;
    }

    std::mutex m_mutex;
    QHash<QByteArray, Entry> m_entries;
};

TransformCache& transformCache() {
    static TransformCache cache;
    return cache;
}

} // namespace

bool isSrgbProfile(const QByteArray& iccProfile) {
    if (iccProfile.isEmpty()) return true;
    return transformCache().get(iccProfile).srgb;
}

Result<QImage> convertToSrgb(const QImage& image, const QByteArray& iccProfile) {
    if (iccProfile.isEmpty()) return image;
    const TransformCache::Entry entry = transformCache().get(iccProfile);
    if (entry.srgb) return image;
    if (!entry.transform) return makeError(ErrorCode::UnsupportedFormat, entry.error);

    const bool alpha = image.hasAlphaChannel();
    const QImage source = image.convertToFormat(entry.grey ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    QImage out(source.width(), source.height(), QImage::Format_RGB888);
    if (source.isNull() || out.isNull()) return makeError(ErrorCode::TooLarge, QStringLiteral("cannot allocate the pixels"));
    cmsDoTransformLineStride(entry.transform.get(), source.constBits(), out.bits(), cmsUInt32Number(source.width()),
                             cmsUInt32Number(source.height()), cmsUInt32Number(source.bytesPerLine()),
                             cmsUInt32Number(out.bytesPerLine()), 0, 0);
    if (alpha) {
        // Colour management leaves opacity alone.
        QImage withAlpha = out.convertToFormat(QImage::Format_RGBA8888);
        const QImage a = image.convertToFormat(QImage::Format_RGBA8888);
        for (int y = 0; y < a.height(); ++y) {
            const uchar* s = a.constScanLine(y);
            uchar* d = withAlpha.scanLine(y);
            for (int x = 0; x < a.width(); ++x) d[4 * x + 3] = s[4 * x + 3];
        }
        return withAlpha;
    }
    return out;
}

// Little CMS stamps a new profile's header with the clock (creation date, ICC header bytes
// 24..35). Every rendition embeds this profile, and the publisher and the host rely on a photo's
// renditions being byte-identical whenever they are made again (content-addressed blobs), so
// the date is pinned: the same profile bytes in every process, on every day.
const QByteArray& srgbIccProfile() {
    static const QByteArray bytes = [] {
        cmsUInt32Number size = 0;
        cmsHPROFILE p = cmsCreate_sRGBProfile();
        QByteArray out;
        if (p && cmsSaveProfileToMem(p, nullptr, &size) && size > 0) {
            out.resize(qsizetype(size));
            if (!cmsSaveProfileToMem(p, out.data(), &size)) out.clear();
        }
        if (p) cmsCloseProfile(p);
        if (out.size() >= 128) {
            constexpr int kDateOffset = 24;       // dateTimeNumber: six big-endian uint16
            const quint16 fixedDate[6] = {2000, 1, 1, 0, 0, 0};
            for (int i = 0; i < 6; ++i) {
                out[kDateOffset + 2 * i] = char(fixedDate[i] >> 8);
                out[kDateOffset + 2 * i + 1] = char(fixedDate[i] & 0xFF);
            }
            constexpr int kProfileIdOffset = 84;  // an MD5 over the header would now be wrong:
            for (int i = 0; i < 16; ++i) out[kProfileIdOffset + i] = 0;   // zero means "not computed"
        }
        return out;
    }();
    return bytes;
}

} // namespace pd
