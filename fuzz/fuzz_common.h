// What every fuzz target needs once: a QCoreApplication (Qt's image plugins are found through
// it) and Exiv2's one-time setup. Limits are small so a hostile header cannot make a target
// allocate gigabytes, which libFuzzer would report as an out-of-memory crash.
#pragma once

#include "pd/core/photo_metadata.h"

#include <QCoreApplication>
#include <QByteArray>

#include <cstddef>
#include <cstdint>

namespace pd::fuzz {

inline constexpr qint64 kMaxPixels = 40'000'000;

inline void initOnce() {
    static int argc = 1;
    static char name[] = "fuzz";
    static char* argv[] = {name, nullptr};
    static QCoreApplication* app = new QCoreApplication(argc, argv);
    (void)app;
    static const bool metadata = (pd::initMetadataLibrary(), true);
    (void)metadata;
}

inline QByteArray bytes(const uint8_t* data, size_t size) {
    return QByteArray(reinterpret_cast<const char*>(data), qsizetype(size));
}

} // namespace pd::fuzz
