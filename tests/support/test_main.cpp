// Catch2 main for every suite: an offscreen QGuiApplication first, so QImage, fonts and image
// plugins behave as in the app; exit code 1 on any failure (77 is reserved for a skip).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QGuiApplication>

#include "pd/core/photo_metadata.h"

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    pd::initMetadataLibrary();
    const int failed = Catch::Session().run(argc, argv);
    return failed == 0 ? 0 : 1;
}
