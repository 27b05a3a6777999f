// Antialiased (triangle filter) downscaling, the hot path of every import: fixed-point, vectorised.
#include "pd/core/image_ops.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include <immintrin.h>

namespace pd {

namespace {

constexpr int kWeightBits = 14;                 // weights sum to 1 << 14; uint8 * weight fits int32
constexpr int32_t kRound = 1 << (kWeightBits - 1);
constexpr int kChunk = 2048;                    // bytes of a row summed at once (accumulator in L1)
constexpr int kRowPadding = 32;                 // slack after a row for the AVX2 horizontal pass

// For each output position, `taps` consecutive input positions from start[o] with weights
// weights[o * stride + t] (fixed point, summing to 1 << kWeightBits). Windows are shifted to stay
// inside the input and padded with zero weights, so every output has the same tap count.
struct Kernel {
    int taps = 0;
    int stride = 0; // taps rounded up to a multiple of 4; the extra weights are 0
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
    k.stride = (k.taps + 3) / 4 * 4;
    k.start.resize(size_t(out));
    k.weights.assign(size_t(out) * size_t(k.stride), 0);
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
        int16_t* dst = &k.weights[size_t(o) * size_t(k.stride)];
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

// ---- Portable kernels (any x86-64; GCC vectorises the vertical one) ------------------------

// One output row of the vertical pass: out[x] = sum_t weights[t] * rows[t][x] over n bytes.
__attribute__((target_clones("avx2", "default")))
void verticalRowPortable(const uint8_t* const* rows, const int16_t* weights, int taps, uint8_t* out, int n) {
    alignas(64) int32_t acc[kChunk];
    for (int base = 0; base < n; base += kChunk) {
        const int len = std::min(kChunk, n - base);
        for (int x = 0; x < len; ++x) acc[x] = kRound;
        for (int t = 0; t < taps; ++t) {
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
    for (int x = 0; x < outWidth; ++x) {
        const uint8_t* p = in + size_t(k.start[size_t(x)]) * C;
        const int16_t* w = k.weights.data() + size_t(x) * size_t(k.stride);
        int32_t acc[C];
        for (int c = 0; c < C; ++c) acc[c] = kRound;
        for (int t = 0; t < k.taps; ++t)
            for (int c = 0; c < C; ++c) acc[c] += int32_t(w[t]) * int32_t(p[t * C + c]);
        for (int c = 0; c < C; ++c) out[x * C + c] = clampToByte(acc[c]);
    }
}

__attribute__((target_clones("avx2", "default")))
void horizontalRowPortable1(const uint8_t* in, const Kernel& k, uint8_t* out, int w) { horizontalRowBody<1>(in, k, out, w); }
__attribute__((target_clones("avx2", "default")))
void horizontalRowPortable3(const uint8_t* in, const Kernel& k, uint8_t* out, int w) { horizontalRowBody<3>(in, k, out, w); }
__attribute__((target_clones("avx2", "default")))
void horizontalRowPortable4(const uint8_t* in, const Kernel& k, uint8_t* out, int w) { horizontalRowBody<4>(in, k, out, w); }

// ---- AVX2 kernels: pairs of uint8 samples times pairs of int16 weights with vpmaddwd -------
// (Autovectorised code widens to 32 bits and multiplies with vpmulld: about 3x slower here.)

// As verticalRowPortable; `taps` must be even (the caller pads with a zero weight).
__attribute__((target("avx2")))
void verticalRowAvx2(const uint8_t* const* rows, const int16_t* weights, int taps, uint8_t* out, int n) {
    const __m256i round = _mm256_set1_epi32(kRound);
    int x = 0;
    for (; x + 16 <= n; x += 16) {
        __m256i lo = round, hi = round;
        for (int t = 0; t < taps; t += 2) {
            const __m256i a = _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(rows[t] + x)));
            const __m256i b = _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(rows[t + 1] + x)));
            const __m256i w = _mm256_set1_epi32(int32_t(uint16_t(weights[t])) | (int32_t(weights[t + 1]) << 16));
            // Per 128-bit lane: unpacklo pairs samples 0-3 (8-11), unpackhi 4-7 (12-15).
            lo = _mm256_add_epi32(lo, _mm256_madd_epi16(_mm256_unpacklo_epi16(a, b), w));
            hi = _mm256_add_epi32(hi, _mm256_madd_epi16(_mm256_unpackhi_epi16(a, b), w));
        }
        // packs restores the order within lanes (0-7 | 8-15); packus + permute gather the bytes.
        const __m256i words = _mm256_packs_epi32(_mm256_srai_epi32(lo, kWeightBits), _mm256_srai_epi32(hi, kWeightBits));
        const __m256i bytes = _mm256_permute4x64_epi64(_mm256_packus_epi16(words, words), 0x08);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + x), _mm256_castsi256_si128(bytes));
    }
    for (; x < n; ++x) {
        int32_t acc = kRound;
        for (int t = 0; t < taps; ++t) acc += int32_t(weights[t]) * int32_t(rows[t][x]);
        out[x] = clampToByte(acc);
    }
}

// Horizontal pass for 3- or 4-byte pixels. Each step takes 4 taps: one 16-byte load, a shuffle
// that puts taps 0,1 in the low lane and 2,3 in the high lane as int16 pairs per channel
// (r0 r1 g0 g1 b0 b1 a0 a1), and one vpmaddwd against the precomputed weight pairs. Reads up to
// 16 bytes past the last tap: the input row needs kRowPadding bytes of slack.
template <int C>
__attribute__((target("avx2")))
void horizontalRowAvx2(const uint8_t* in, const Kernel& k, const std::vector<int32_t>& pairs, uint8_t* out, int outWidth) {
    static_assert(C == 3 || C == 4);
    const __m256i shuffle = C == 3 ? _mm256_setr_epi8(0, -1, 3, -1, 1, -1, 4, -1, 2, -1, 5, -1, -1, -1, -1, -1,
                                                      6, -1, 9, -1, 7, -1, 10, -1, 8, -1, 11, -1, -1, -1, -1, -1)
                                   : _mm256_setr_epi8(0, -1, 4, -1, 1, -1, 5, -1, 2, -1, 6, -1, 3, -1, 7, -1,
                                                      8, -1, 12, -1, 9, -1, 13, -1, 10, -1, 14, -1, 11, -1, 15, -1);
    const __m128i round = _mm_set1_epi32(kRound);
    const int groups = k.stride / 4;
    const __m256i* w = reinterpret_cast<const __m256i*>(pairs.data());
    for (int x = 0; x < outWidth; ++x) {
        const uint8_t* p = in + size_t(k.start[size_t(x)]) * C;
        __m256i acc = _mm256_setzero_si256();
        for (int g = 0; g < groups; ++g, p += 4 * C, ++w) {
            const __m256i px = _mm256_shuffle_epi8(
                _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))), shuffle);
            acc = _mm256_add_epi32(acc, _mm256_madd_epi16(px, _mm256_loadu_si256(w)));
        }
        __m128i sum = _mm_add_epi32(_mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1)), round);
        sum = _mm_srai_epi32(sum, kWeightBits);
        sum = _mm_packus_epi16(_mm_packs_epi32(sum, sum), sum);
        const uint32_t pixel = uint32_t(_mm_cvtsi128_si32(sum));
        // Four bytes at a time; for RGB the fourth is the next pixel's red, rewritten next round.
        if (C == 4 || x + 1 < outWidth) std::memcpy(out + size_t(x) * C, &pixel, 4);
        else std::memcpy(out + size_t(x) * C, &pixel, 3);
    }
}

// The horizontal weights laid out for horizontalRowAvx2: per output pixel and group of 4 taps,
// (w0,w1) four times then (w2,w3) four times, as int16 pairs in int32s.
std::vector<int32_t> weightPairs(const Kernel& k, int outWidth) {
    const int groups = k.stride / 4;
    std::vector<int32_t> pairs(size_t(outWidth) * size_t(groups) * 8);
    for (int x = 0; x < outWidth; ++x) {
        const int16_t* w = k.weights.data() + size_t(x) * size_t(k.stride);
        for (int g = 0; g < groups; ++g) {
            int32_t* dst = &pairs[(size_t(x) * size_t(groups) + size_t(g)) * 8];
            const int32_t lo = int32_t(uint16_t(w[4 * g])) | (int32_t(w[4 * g + 1]) << 16);
            const int32_t hi = int32_t(uint16_t(w[4 * g + 2])) | (int32_t(w[4 * g + 3]) << 16);
            for (int i = 0; i < 4; ++i) { dst[i] = lo; dst[4 + i] = hi; }
        }
    }
    return pairs;
}

bool hasAvx2() {
    static const bool avx2 = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") != 0;
    }();
    return avx2;
}

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
    const bool avx2 = hasAvx2();
    const bool avx2Horizontal = avx2 && channels != 1;
    const std::vector<int32_t> pairs = avx2Horizontal ? weightPairs(kh, width) : std::vector<int32_t>();
    const int rowBytes = src.width() * channels;
    std::vector<uint8_t> column(static_cast<size_t>(rowBytes + kRowPadding), 0);
    const int verticalTaps = avx2 ? (kv.taps + 1) / 2 * 2 : kv.taps; // even for the AVX2 pairs
    std::vector<const uint8_t*> rows(static_cast<size_t>(verticalTaps));
    const uint8_t* bits = src.constBits();
    const qsizetype stride = src.bytesPerLine();

    // Vertical pass first: it runs over whole input rows (contiguous, vectorised), and produces
    // only `height` rows for the horizontal pass to shrink.
    for (int y = 0; y < height; ++y) {
        if (src.height() != height) {
            for (int t = 0; t < kv.taps; ++t) rows[size_t(t)] = bits + stride * (kv.start[size_t(y)] + t);
            if (verticalTaps > kv.taps) rows[size_t(kv.taps)] = rows[size_t(kv.taps - 1)]; // weight 0
            const int16_t* w = kv.weights.data() + size_t(y) * size_t(kv.stride);
            if (avx2) verticalRowAvx2(rows.data(), w, verticalTaps, column.data(), rowBytes);
            else verticalRowPortable(rows.data(), w, kv.taps, column.data(), rowBytes);
        } else {
            std::memcpy(column.data(), bits + stride * y, size_t(rowBytes)); // padded copy
        }
        uint8_t* out = dst.scanLine(y);
        if (src.width() == width) {
            std::memcpy(out, column.data(), size_t(rowBytes));
        } else if (avx2Horizontal) {
            if (channels == 3) horizontalRowAvx2<3>(column.data(), kh, pairs, out, width);
            else horizontalRowAvx2<4>(column.data(), kh, pairs, out, width);
        } else {
            switch (channels) {
            case 1: horizontalRowPortable1(column.data(), kh, out, width); break;
            case 3: horizontalRowPortable3(column.data(), kh, out, width); break;
            default: horizontalRowPortable4(column.data(), kh, out, width); break;
            }
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
