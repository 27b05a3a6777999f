// Antialiased (triangle filter) downscaling, the hot path of every import: fixed-point, vectorised.
#include "pd/core/image_ops.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace pd {

namespace {

constexpr int kWeightBits = 14;                 // weights sum to 1 << 14; uint8 * weight fits int32
constexpr int32_t kRound = 1 << (kWeightBits - 1);
constexpr int kChunk = 2048;                    // bytes of a row summed at once (accumulator in L1)

// For each output position, `taps` consecutive input positions from start[o] with weights
// weights[o * taps + t] (fixed point, summing to 1 << kWeightBits). Windows are shifted to stay
// inside the input and padded with zero weights, so every output has the same tap count.
struct Kernel {
    int taps = 0;
    std::vector<int32_t> start;
    std::vector<int16_t> weights;
};

// Triangle filter whose support grows with the reduction (so it averages every input it covers),
// sampled at pixel centres; edge pixels are repeated. Same maths as floor.c's make_kernel.
Kernel makeKernel(int in, int out) {
    Kernel k;
    const double scale = double(in) / out;
    const double support = std::max(scale, 1.0);
    const int span = int(std::ceil(support * 2)) + 1;
    k.taps = std::min(span, in);
    k.start.resize(size_t(out));
    k.weights.assign(size_t(out) * size_t(k.taps), 0);
    std::vector<double> w(static_cast<size_t>(span));
    for (int o = 0; o < out; ++o) {
        const double centre = (o + 0.5) * scale - 0.5;
        const int first = int(std::floor(centre - support)) + 1;
        const int clampedFirst = std::clamp(first, 0, in - 1);
        // Weights per clamped input index; clamping is monotonic, so they stay in one window.
        std::fill(w.begin(), w.end(), 0.0);
        int lo = in, hi = -1;
        double sum = 0;
        for (int t = 0; t < span; ++t) {
            const double d = std::abs(first + t - centre) / support;
            if (d >= 1) continue;
            const int c = std::clamp(first + t, 0, in - 1);
            w[size_t(c - clampedFirst)] += 1 - d;
            sum += 1 - d;
            lo = std::min(lo, c);
            hi = std::max(hi, c);
        }
        const int start = std::clamp(lo, 0, in - k.taps);
        k.start[size_t(o)] = start;
        int16_t* dst = &k.weights[size_t(o) * size_t(k.taps)];
        // Quantise, then put the rounding remainder on the largest weight so the sum is exact.
        int total = 0, largest = lo - start;
        for (int j = lo; j <= hi; ++j) {
            const int t = j - start;
            dst[t] = int16_t(std::lround(w[size_t(j - clampedFirst)] / sum * (1 << kWeightBits)));
            total += dst[t];
            if (dst[t] > dst[largest]) largest = t;
        }
        dst[largest] = int16_t(dst[largest] + ((1 << kWeightBits) - total));
    }
    return k;
}

inline uint8_t clampToByte(int32_t v) {
    v >>= kWeightBits;
    return uint8_t(v < 0 ? 0 : v > 255 ? 255 : v);
}

// One output row of the vertical pass: out[x] = sum_t weights[t] * rows[t][x] over n bytes.
// The loops run over whole rows, which GCC vectorises; AVX2 is picked at run time when present.
__attribute__((target_clones("avx2", "default")))
void verticalRow(const uint8_t* const* rows, const int16_t* weights, int taps, uint8_t* out, int n) {
    alignas(64) int32_t acc[kChunk];
    for (int base = 0; base < n; base += kChunk) {
        const int len = std::min(kChunk, n - base);
        {
            const uint8_t* r = rows[0] + base;
            const int32_t w = weights[0];
            for (int x = 0; x < len; ++x) acc[x] = kRound + w * int32_t(r[x]);
        }
        int t = 1;
        for (; t + 1 < taps; t += 2) {
            const uint8_t* r0 = rows[t] + base;
            const uint8_t* r1 = rows[t + 1] + base;
            const int32_t w0 = weights[t], w1 = weights[t + 1];
            for (int x = 0; x < len; ++x) acc[x] += w0 * int32_t(r0[x]) + w1 * int32_t(r1[x]);
        }
        if (t < taps) {
            const uint8_t* r = rows[t] + base;
            const int32_t w = weights[t];
            for (int x = 0; x < len; ++x) acc[x] += w * int32_t(r[x]);
        }
        uint8_t* o = out + base;
        for (int x = 0; x < len; ++x) o[x] = clampToByte(acc[x]);
    }
}

template <int C>
[[gnu::always_inline]] inline void horizontalRowBody(const uint8_t* in, const Kernel& k, uint8_t* out, int outWidth) {
    const int taps = k.taps;
    const int32_t* starts = k.start.data();
    const int16_t* weights = k.weights.data();
    for (int x = 0; x < outWidth; ++x) {
        const uint8_t* p = in + size_t(starts[x]) * C;
        const int16_t* w = weights + size_t(x) * size_t(taps);
        int32_t acc[C];
        for (int c = 0; c < C; ++c) acc[c] = kRound;
        for (int t = 0; t < taps; ++t) {
            const int32_t wt = w[t];
            for (int c = 0; c < C; ++c) acc[c] += wt * int32_t(p[t * C + c]);
        }
        for (int c = 0; c < C; ++c) out[x * C + c] = clampToByte(acc[c]);
    }
}

__attribute__((target_clones("avx2", "default")))
void horizontalRow1(const uint8_t* in, const Kernel& k, uint8_t* out, int w) { horizontalRowBody<1>(in, k, out, w); }
__attribute__((target_clones("avx2", "default")))
void horizontalRow3(const uint8_t* in, const Kernel& k, uint8_t* out, int w) { horizontalRowBody<3>(in, k, out, w); }
__attribute__((target_clones("avx2", "default")))
void horizontalRow4(const uint8_t* in, const Kernel& k, uint8_t* out, int w) { horizontalRowBody<4>(in, k, out, w); }

QImage::Format workingFormat(const QImage& image) {
    switch (image.format()) {
    case QImage::Format_RGB888:
    case QImage::Format_RGBA8888:
    case QImage::Format_Grayscale8:
        return image.format();
    default:
        return image.hasAlphaChannel() ? QImage::Format_RGBA8888 : QImage::Format_RGB888;
    }
}

} // namespace

QImage resizeImage(const QImage& image, int width, int height) {
    if (image.isNull() || width <= 0 || height <= 0) return {};
    const QImage::Format format = workingFormat(image);
    const QImage src = image.format() == format ? image : image.convertToFormat(format);
    if (src.width() == width && src.height() == height) return src;
    const int channels = format == QImage::Format_Grayscale8 ? 1 : format == QImage::Format_RGB888 ? 3 : 4;

    QImage dst(width, height, format);
    if (dst.isNull()) return {};
    const Kernel kv = makeKernel(src.height(), height);
    const Kernel kh = makeKernel(src.width(), width);
    const int rowBytes = src.width() * channels;
    std::vector<uint8_t> column(static_cast<size_t>(rowBytes));
    std::vector<const uint8_t*> rows(static_cast<size_t>(kv.taps));
    const uint8_t* bits = src.constBits();
    const qsizetype stride = src.bytesPerLine();

    // Vertical pass first: it runs over whole input rows (contiguous, vectorised), and produces
    // only `height` rows for the horizontal pass to shrink.
    for (int y = 0; y < height; ++y) {
        for (int t = 0; t < kv.taps; ++t) rows[size_t(t)] = bits + stride * (kv.start[size_t(y)] + t);
        const int16_t* w = kv.weights.data() + size_t(y) * size_t(kv.taps);
        const uint8_t* row = bits + stride * y; // same height: the row itself
        if (src.height() != height) {
            verticalRow(rows.data(), w, kv.taps, column.data(), rowBytes);
            row = column.data();
        }
        uint8_t* out = dst.scanLine(y);
        if (src.width() == width) { std::copy(row, row + rowBytes, out); continue; }
        switch (channels) {
        case 1: horizontalRow1(row, kh, out, width); break;
        case 3: horizontalRow3(row, kh, out, width); break;
        default: horizontalRow4(row, kh, out, width); break;
        }
    }
    dst.setDotsPerMeterX(src.dotsPerMeterX());
    dst.setDotsPerMeterY(src.dotsPerMeterY());
    return dst;
}

QImage resizeToLongEdge(const QImage& image, int longEdge) {
    if (image.isNull() || longEdge <= 0) return {};
    const int w = image.width(), h = image.height();
    if (std::max(w, h) <= longEdge) return resizeImage(image, w, h); // never enlarges
    const int outW = w >= h ? longEdge : std::max(1, int(std::lround(double(longEdge) * w / h)));
    const int outH = w >= h ? std::max(1, int(std::lround(double(longEdge) * h / w))) : longEdge;
    return resizeImage(image, outW, outH);
}

} // namespace pd
