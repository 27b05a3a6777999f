// Catch2 main for the widget suites: a QApplication on the offscreen platform (Qt Test events
// need it), then the same rules as the other suites (exit 1 on failure, 77 reserved for a skip).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QApplication>

#include "pd/core/photo_metadata.h"

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    pd::initMetadataLibrary();
    const int failed = Catch::Session().run(argc, argv);
    return failed == 0 ? 0 : 1;
}
