// tjTransform with TJXOPT_PERFECT (and TJXOPT_CROP): lossless turns, flips and crops.
#include "pd/core/jpeg_lossless.h"

#include <turbojpeg.h>

#include <algorithm>
#include <memory>

namespace pd {

namespace {

struct TjDeleter { void operator()(void* h) const { tjDestroy(h); } };

int tjOperation(const Dihedral& d) {
    if (!d.mirror) {
        switch (d.turns) {
        case 1: return TJXOP_ROT90;
        case 2: return TJXOP_ROT180;
        case 3: return TJXOP_ROT270;
        default: return TJXOP_NONE;
        }
    }
    switch (d.turns) {
    case 1: return TJXOP_TRANSVERSE;   // R·M: mirror along the upper-right/lower-left axis
    case 2: return TJXOP_VFLIP;
    case 3: return TJXOP_TRANSPOSE;    // R⁻¹·M
    default: return TJXOP_HFLIP;
    }
}

} // namespace

Result<JpegLayout> readJpegLayout(const QByteArray& jpeg) {
    std::unique_ptr<void, TjDeleter> handle(tjInitDecompress());
    if (!handle) return makeError(ErrorCode::Internal, QStringLiteral("cannot initialise TurboJPEG"));
    int w = 0, h = 0, subsamp = 0, colourspace = 0;
    if (tjDecompressHeader3(handle.get(), reinterpret_cast<const unsigned char*>(jpeg.constData()), static_cast<unsigned long>(jpeg.size()),
                            &w, &h, &subsamp, &colourspace) != 0)
        return makeError(ErrorCode::CorruptData, QStringLiteral("JPEG header: %1").arg(QString::fromLocal8Bit(tjGetErrorStr2(handle.get()))));
    if (subsamp < 0 || subsamp >= TJ_NUMSAMP)
        return makeError(ErrorCode::UnsupportedFormat, QStringLiteral("JPEG with an unusual chroma subsampling"));
    JpegLayout l;
    l.width = w;
    l.height = h;
    l.mcuWidth = tjMCUWidth[subsamp];
    l.mcuHeight = tjMCUHeight[subsamp];
    l.colour = colourspace != TJCS_GRAY;
    l.cmyk = colourspace == TJCS_CMYK || colourspace == TJCS_YCCK;
    return l;
}

bool isPerfectLosslessTransform(const JpegLayout& l, const LosslessTransform& t) {
    if (l.width <= 0 || l.height <= 0 || l.mcuWidth <= 0 || l.mcuHeight <= 0) return false;
    const bool wholeW = l.width % l.mcuWidth == 0, wholeH = l.height % l.mcuHeight == 0;
    switch (tjOperation(t.transform)) {
    case TJXOP_HFLIP: case TJXOP_ROT270: if (!wholeW) return false; break;
    case TJXOP_VFLIP: case TJXOP_ROT90: if (!wholeH) return false; break;
    case TJXOP_ROT180: case TJXOP_TRANSVERSE: if (!wholeW || !wholeH) return false; break;
    default: break;
    }
    if (t.crop.isEmpty()) return true;
    const QSize out = t.transform.map(QSize(l.width, l.height));
    if (!QRect(QPoint(0, 0), out).contains(t.crop)) return false;
    // Aligned for the output's block shape whichever way a 4:2:2 block turned.
    const int block = std::max(l.mcuWidth, l.mcuHeight);
    return t.crop.x() % block == 0 && t.crop.y() % block == 0;
}

Result<QByteArray> transformJpegLossless(const QByteArray& jpeg, const LosslessTransform& t) {
    auto layout = readJpegLayout(jpeg);
    if (!layout.ok()) return layout.error();
    if (!isPerfectLosslessTransform(layout.value(), t))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("this turn or crop cannot be done losslessly on this JPEG"));
    std::unique_ptr<void, TjDeleter> handle(tjInitTransform());
    if (!handle) return makeError(ErrorCode::Internal, QStringLiteral("cannot initialise TurboJPEG"));
    tjtransform xf{};
    xf.op = tjOperation(t.transform);
    xf.options = TJXOPT_PERFECT;
    if (!t.crop.isEmpty()) {
        xf.options |= TJXOPT_CROP;
        xf.r = tjregion{t.crop.x(), t.crop.y(), t.crop.width(), t.crop.height()};
    }
    unsigned char* out = nullptr;
    unsigned long outSize = 0;
    if (tjTransform(handle.get(), reinterpret_cast<const unsigned char*>(jpeg.constData()), static_cast<unsigned long>(jpeg.size()),
                    1, &out, &outSize, &xf, 0) != 0) {
        const QString why = QString::fromLocal8Bit(tjGetErrorStr2(handle.get()));
        tjFree(out);
        return makeError(ErrorCode::CorruptData, QStringLiteral("lossless JPEG transform: %1").arg(why));
    }
    QByteArray bytes(reinterpret_cast<const char*>(out), qsizetype(outSize));
    tjFree(out);
    return bytes;
}

} // namespace pd
