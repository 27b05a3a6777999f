// proofdesk: the studio app. Parses the command line, applies the theme, builds the main window.
//   proofdesk [--catalog DIR] [--settings FILE] [--demo] [--publish EVENT] [--screenshot FILE]
// --demo creates the demo event from the bundled photos when it is missing (the README's first
// command does this); --screenshot saves the window as a PNG once the imports are done, then quits;
// --publish publishes the event at start (with --screenshot: the whole screen, done dialog
// included, once the publish is over).
#include "pd/core/photo_metadata.h"
#include "pd/db/catalog.h"
#include "pd/db/demo_event.h"
#include "pd/ui/models/event_tree_model.h"
#include "pd/ui/main_window.h"
#include "pd/ui/import_controller.h"
#include "pd/ui/publish_controller.h"
#include "pd/ui/theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QScreen>
#include <QStandardPaths>
#include <QTimer>


int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Proofdesk"));
    QCoreApplication::setApplicationName(QStringLiteral("proofdesk"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Proofdesk"));
    pd::initMetadataLibrary();

    QCommandLineParser cli;
    cli.setApplicationDescription(QStringLiteral("Proofdesk studio"));
    cli.addHelpOption();
    const QCommandLineOption catalogOpt(QStringLiteral("catalog"), QStringLiteral("The catalog folder."), QStringLiteral("DIR"));
    const QCommandLineOption settingsOpt(QStringLiteral("settings"), QStringLiteral("The window settings file."), QStringLiteral("FILE"));
    const QCommandLineOption demoOpt(QStringLiteral("demo"), QStringLiteral("Create the demo event if it is missing."));
    const QCommandLineOption shotOpt(QStringLiteral("screenshot"), QStringLiteral("Save the window as PNG when idle, then quit."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption publishOpt(QStringLiteral("publish"), QStringLiteral("Publish this event (id or name) at start."),
                                        QStringLiteral("EVENT"));
    cli.addOptions({catalogOpt, settingsOpt, demoOpt, shotOpt, publishOpt});
    cli.process(app);

    const QString catalogDir = cli.isSet(catalogOpt) ? cli.value(catalogOpt) : pd::Catalog::defaultDir();
    const QString settings = cli.isSet(settingsOpt) ? cli.value(settingsOpt)
                                                    : QDir(catalogDir).filePath(QStringLiteral("window.ini"));
    pd::ui::applyStudioTheme(app);

    pd::DemoEvent demo;
    if (cli.isSet(demoOpt)) {
        auto catalog = pd::Catalog::open(catalogDir);
        if (!catalog.ok()) qFatal("cannot open the catalog: %s", qPrintable(catalog.error().toString()));
        auto d = pd::ensureDemoEvent(**catalog);
        if (d.ok()) demo = d.value();
        else qWarning("the demo event: %s", qPrintable(d.error().toString()));
    }

    pd::ui::MainWindow window(catalogDir, settings);
    window.show();
    window.publishController()->resumeUnfinished();          // a publish cut short by a quit or crash
    window.publishController()->startLocalHostIfDefault();   // this computer's galleries, while the app runs
    if (!demo.eventId.isEmpty()) {
        window.eventTreeModel()->reload();
        window.selectEvent(demo.eventId);
        if (demo.empty && !demo.photosDir.isEmpty())
            for (const pd::DemoBatch& b : pd::demoImportPlan(demo.photosDir)) window.importFiles(demo.eventId, b.category, b.files);
    }

    QString publishing;
    if (cli.isSet(publishOpt)) {
        auto e = window.catalog().requireEvent(cli.value(publishOpt));
        if (!e.ok()) qFatal("--publish: %s", qPrintable(e.error().toString()));
        publishing = e->id;
        window.selectEvent(publishing);
        window.publishEvent(publishing);
    }

    if (cli.isSet(shotOpt) && !publishing.isEmpty()) {
        const QString file = cli.value(shotOpt);
        auto shootScreen = [&window, file] {
            QTimer::singleShot(1500, &window, [&window, file] {
                // The screen where the window is: the done dialog is a window of its own.
                QGuiApplication::primaryScreen()->grabWindow(0).copy(window.frameGeometry()).save(file);
                QCoreApplication::quit();
            });
        };
        QObject::connect(window.publishController(), &pd::ui::PublishController::idle, &window, shootScreen);
    } else if (cli.isSet(shotOpt)) {
        const QString file = cli.value(shotOpt);
        auto shoot = [&window, file] {
            // Give the thumbnail loader a moment after the last import, then grab the real window.
            QTimer::singleShot(1500, &window, [&window, file] {
                window.grab().save(file);
                QCoreApplication::quit();
            });
        };
        if (window.importController()->isBusy()) QObject::connect(&window, &pd::ui::MainWindow::importIdle, &window, shoot);
        else shoot();
    }
    return app.exec();
}
