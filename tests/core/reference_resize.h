// A slow, obviously-correct triangle-filter resize (double precision, per floor.c's maths) that
// the tests hold the fast fixed-point one against.
#pragma once

#include <QImage>

#include <algorithm>
#include <cmath>
#include <vector>

namespace pd::test {

inline QImage referenceResize(const QImage& image, int outW, int outH) {
    const QImage src = image.convertToFormat(QImage::Format_RGB888);
    const auto weightsFor = [](int in, int out) {
        // For each output: (input index, weight) pairs, edge pixels repeated.
        std::vector<std::vector<std::pair<int, double>>> k(static_cast<size_t>(out));
        const double scale = double(in) / out, support = std::max(scale, 1.0);
        for (int o = 0; o < out; ++o) {
            const double c = (o + 0.5) * scale - 0.5;
            double sum = 0;
            for (int i = int(std::floor(c - support)); i <= int(std::ceil(c + support)); ++i) {
                const double w = 1 - std::abs(i - c) / support;
                if (w <= 0) continue;
                k[size_t(o)].push_back({std::clamp(i, 0, in - 1), w});
                sum += w;
            }
            for (auto& p : k[size_t(o)]) p.second /= sum;
        }
        return k;
    };
    const auto kv = weightsFor(src.height(), outH), kh = weightsFor(src.width(), outW);
    std::vector<double> column(static_cast<size_t>(src.width()) * 3);
    QImage out(outW, outH, QImage::Format_RGB888);
    for (int y = 0; y < outH; ++y) {
        std::fill(column.begin(), column.end(), 0.0);
        for (const auto& [row, w] : kv[size_t(y)]) {
            const uchar* s = src.constScanLine(row);
            for (size_t x = 0; x < column.size(); ++x) column[x] += w * s[x];
        }
        uchar* d = out.scanLine(y);
        for (int x = 0; x < outW; ++x)
            for (int c = 0; c < 3; ++c) {
                double v = 0;
                for (const auto& [col, w] : kh[size_t(x)]) v += w * column[size_t(col) * 3 + size_t(c)];
                d[3 * x + c] = uchar(std::clamp(int(std::lround(v)), 0, 255));
            }
    }
    return out;
}

} // namespace pd::test
