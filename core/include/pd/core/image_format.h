// Which image format a byte buffer holds, judged from its magic bytes, never its name.
#pragma once

#include <QByteArray>
#include <QString>

namespace pd {

enum class ImageFormat { Unknown, Jpeg, Png, Tiff, WebP, Bmp, Jp2, J2k, Heif, Gif };

// Reads at most the first 32 bytes. Unknown when nothing matches.
ImageFormat sniffImageFormat(const char* data, qsizetype size);
inline ImageFormat sniffImageFormat(const QByteArray& bytes) { return sniffImageFormat(bytes.constData(), bytes.size()); }

// "jpeg", "png", ... (lower case, stable: stored in the catalog).
QString imageFormatName(ImageFormat format);
ImageFormat imageFormatFromName(const QString& name);

// True for the formats Proofdesk can decode and import.
bool isImportable(ImageFormat format);

} // namespace pd
