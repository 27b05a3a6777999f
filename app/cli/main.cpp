// proofdesk-cli: every studio operation, headless. Builds the application object and hands the
// arguments to the command table.
#include "commands.h"

#include "pd/core/photo_metadata.h"

#include <QGuiApplication>

int main(int argc, char** argv) {
    // Headless by design: text rendering (watermarks) needs a QGuiApplication, never a display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Proofdesk"));
    QCoreApplication::setApplicationName(QStringLiteral("proofdesk"));
    pd::initMetadataLibrary();
    return pd::cli::run(QCoreApplication::arguments().mid(1));
}
