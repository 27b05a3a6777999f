// Writes synthetic proof and thumbnail JPEGs for the gallery end-to-end test, and for photo 1 a
// JPEG 2000 zoom proof twice the proof's size (for the viewer's deep zoom over IIIF), and prints,
// as JSON, each file's SHA-256 and pixel size (node has no JPEG encoder without extra packages).
//
// usage: pd_e2e_fixture OUT_DIR COUNT
// Photo i is landscape 3:2 except every third one (portrait 2:3). Each image is a diagonal
// gradient in its own hue with a few discs and its number written large, so a screenshot shows
// which photo is where and a crop that moved is visible.
#include "pd/core/content_hash.h"
#include "pd/core/jp2_encoder.h"
#include "pd/core/jpeg_encoder.h"

#include <QDir>
#include <QFile>
#include <QFont>
#include <QGuiApplication>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLinearGradient>
#include <QPainter>
#include <QPen>

#include <algorithm>
#include <cstdio>

namespace {

constexpr int kProofLongEdge = 1600;
constexpr int kThumbLongEdge = 400;

QImage paintPhoto(int index, int width, int height) {
    QImage image(width, height, QImage::Format_RGB888);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    const int hue = (index * 67) % 360;
    QLinearGradient bg(0, 0, width, height);
    bg.setColorAt(0, QColor::fromHsv(hue, 170, 235));
    bg.setColorAt(1, QColor::fromHsv((hue + 40) % 360, 220, 90));
    p.fillRect(image.rect(), bg);
    // Discs in a fixed pattern per photo: the kept area of a crop shows which ones it holds.
    for (int k = 0; k < 5; ++k) {
        const double cx = width * (0.15 + 0.7 * ((k * 37 + index * 11) % 100) / 100.0);
        const double cy = height * (0.15 + 0.7 * ((k * 53 + index * 29) % 100) / 100.0);
        const double r = std::min(width, height) * (0.06 + 0.02 * k);
        p.setBrush(QColor::fromHsv((hue + 180 + 25 * k) % 360, 200, 250, 210));
        p.setPen(QPen(QColor(255, 255, 255, 180), std::max(2, width / 300)));
        p.drawEllipse(QPointF(cx, cy), r, r);
    }
    // A frame a quarter in from every edge: a centred crop and a nudged one differ visibly.
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(255, 255, 255, 140), std::max(2, width / 200), Qt::DashLine));
    p.drawRect(QRectF(width * 0.25, height * 0.25, width * 0.5, height * 0.5));
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(std::min(width, height) / 3);
    font.setBold(true);
    p.setFont(font);
    p.setPen(QColor(255, 255, 255, 230));
    p.drawText(image.rect(), Qt::AlignCenter, QString::number(index + 1));
    p.end();
    return image;
}

// Writes the encoded image (a Result of its bytes) and returns {"file","sha256","width","height",
// "size"}, or an empty object when encoding or writing failed.
template <typename Encoded>
QJsonObject writeEncoded(const Encoded& bytes, const QImage& image, const QString& path) {
    if (!bytes) return {};
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(*bytes) != bytes->size()) return {};
    return QJsonObject{{QStringLiteral("file"), path},
                       {QStringLiteral("sha256"), pd::sha256Hex(*bytes)},
                       {QStringLiteral("width"), image.width()},
                       {QStringLiteral("height"), image.height()},
                       {QStringLiteral("size"), double(bytes->size())}};
}

QJsonObject writeJpeg(const QImage& image, const QString& path) {
    return writeEncoded(pd::encodeJpeg(image, pd::JpegEncodeOptions{}), image, path);
}

QJsonObject writeJp2(const QImage& image, const QString& path) { return writeEncoded(pd::encodeJp2(image), image, path); }

} // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv); // fonts for the numbers
    const QStringList args = app.arguments();
    bool ok = false;
    const int count = args.size() == 3 ? args[2].toInt(&ok) : 0;
    if (!ok || count < 1 || count > 100) {
        std::fprintf(stderr, "usage: pd_e2e_fixture OUT_DIR COUNT (1..100)\n");
        return 2;
    }
    const QDir out(args[1]);
    if (!QDir().mkpath(out.path())) {
        std::fprintf(stderr, "pd_e2e_fixture: cannot create %s\n", qPrintable(out.path()));
        return 1;
    }
    QJsonArray photos;
    for (int i = 0; i < count; ++i) {
        const bool portrait = i % 3 == 2;
        const int longEdge = kProofLongEdge, shortEdge = kProofLongEdge * 2 / 3;
        const QImage proof = paintPhoto(i, portrait ? shortEdge : longEdge, portrait ? longEdge : shortEdge);
        const QImage thumb = proof.scaled(QSize(kThumbLongEdge, kThumbLongEdge), Qt::KeepAspectRatio,
                                          Qt::SmoothTransformation);
        const QJsonObject p = writeJpeg(proof, out.filePath(QStringLiteral("proof-%1.jpg").arg(i + 1)));
        const QJsonObject t = writeJpeg(thumb, out.filePath(QStringLiteral("thumb-%1.jpg").arg(i + 1)));
        if (p.isEmpty() || t.isEmpty()) {
            std::fprintf(stderr, "pd_e2e_fixture: cannot write photo %d into %s\n", i + 1, qPrintable(out.path()));
            return 1;
        }
        QJsonObject photo{{QStringLiteral("proof"), p}, {QStringLiteral("thumb"), t}};
        if (i == 0) {
            // The same picture painted at twice the size: what deep zoom shows beyond the proof.
            const QImage big = paintPhoto(i, proof.width() * 2, proof.height() * 2);
            const QJsonObject z = writeJp2(big, out.filePath(QStringLiteral("zoom-%1.jp2").arg(i + 1)));
            if (z.isEmpty()) {
                std::fprintf(stderr, "pd_e2e_fixture: cannot write the zoom proof into %s\n", qPrintable(out.path()));
                return 1;
            }
            photo.insert(QStringLiteral("zoom"), z);
        }
        photos.append(photo);
    }
    std::fputs(QJsonDocument(QJsonObject{{QStringLiteral("photos"), photos}}).toJson(QJsonDocument::Compact).constData(),
               stdout);
    std::fputs("\n", stdout);
    return 0;
}
