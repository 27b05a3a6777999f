// The studio's main window: layout, actions and the wiring between the views, the models, the
// import controller and the undo stack. Culling and imports go through the same db code as the CLI.
#include "pd/ui/main_window.h"

#include "pd/db/catalog.h"
#include "pd/db/photo_edits.h"
#include "pd/ui/culling_commands.h"
#include "pd/ui/edit_commands.h"
#include "pd/ui/edit_view.h"
#include "pd/ui/event_details_dialog.h"
#include "pd/ui/export_controller.h"
#include "pd/ui/export_dialog.h"
#include "pd/ui/import_controller.h"
#include "pd/ui/import_dialog.h"
#include "pd/ui/loupe_view.h"
#include "pd/ui/models/event_tree_model.h"
#include "pd/ui/models/photo_filter_model.h"
#include "pd/ui/models/photo_grid_model.h"
#include "pd/ui/photo_delegate.h"
#include "pd/ui/photo_grid_view.h"
#include "pd/ui/host_profiles_dialog.h"
#include "pd/ui/publish_controller.h"
#include "pd/ui/publish_done_dialog.h"
#include "pd/ui/publish_status.h"
#include "pd/ui/rendition_refresher.h"
#include "pd/ui/thumbnail_cache.h"
#include "pd/ui/watermark_dialog.h"
#include "resources.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

namespace pd::ui {

namespace {
constexpr qint64 kThumbnailCacheBytes = 256LL << 20;
QIcon icon(const char* name) { return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name))); }
} // namespace

MainWindow::MainWindow(const QString& catalogDir, const QString& settingsFile, QWidget* parent)
    : QMainWindow(parent), m_catalogDir(catalogDir), m_settingsFile(settingsFile) {
    initResources();
    auto c = Catalog::open(catalogDir);
    if (!c.ok()) qFatal("cannot open the catalog: %s", qPrintable(c.error().toString()));
    m_catalog = std::move(c).value();
    m_thumbnails = new ThumbnailCache(catalogDir, kThumbnailCacheBytes, this);
    m_imports = new ImportController(catalogDir, this);
    m_undo = new QUndoStack(this);
    m_treeModel = new EventTreeModel(*m_catalog, this);
    m_gridModel = new PhotoGridModel(*m_catalog, *m_thumbnails, this);
    m_filter = new PhotoFilterModel(this);
    m_filter->setSourceModel(m_gridModel);
    m_renditions = new RenditionRefresher(*m_catalog, *m_thumbnails, *m_gridModel, this);
    m_exports = new ExportController(catalogDir, this);
    m_publisher = new PublishController(catalogDir, this);
    m_publishStatus = new PublishStatus(*m_publisher);

    setWindowTitle(QStringLiteral("Proofdesk"));
    setAcceptDrops(false);
    buildLayout();
    buildActions();
    connectImports();
    connectPublishing();
    restoreSettings();
    updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildLayout() {
    // Left: the events tree, a drop target for files and for photos dragged from the grid.
    m_tree = new QTreeView;
    m_tree->setObjectName(QStringLiteral("eventTree"));
    m_tree->setModel(m_treeModel);
    m_tree->setHeaderHidden(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->setAcceptDrops(true);
    m_tree->setDragDropMode(QAbstractItemView::DropOnly);
    m_tree->setDropIndicatorShown(true);
    m_tree->setMinimumWidth(200);
    m_tree->expandAll();
    connect(m_tree->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::onTreeSelectionChanged);
    connect(m_treeModel, &QAbstractItemModel::modelReset, m_tree, &QTreeView::expandAll);

    // Centre: the filter bar over the grid, or the loupe.
    auto* bar = new QWidget;
    auto* barLayout = new QHBoxLayout(bar);
    barLayout->setContentsMargins(6, 4, 6, 4);
    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setPlaceholderText(tr("Search file name, caption, keywords"));
    m_search->setClearButtonEnabled(true);
    m_ratingFilter = new QComboBox;
    m_ratingFilter->setObjectName(QStringLiteral("ratingFilter"));
    m_ratingFilter->addItem(tr("Any rating"));
    for (int i = 1; i <= 5; ++i) m_ratingFilter->addItem(QString(i, QChar(0x2605)) + tr(" and up"));
    m_flagFilter = new QComboBox;
    m_flagFilter->setObjectName(QStringLiteral("flagFilter"));
    m_flagFilter->addItems({tr("Any flag"), tr("Picks"), tr("Rejects"), tr("Unflagged"), tr("Not rejected")});
    m_labelFilter = new QComboBox;
    m_labelFilter->setObjectName(QStringLiteral("labelFilter"));
    m_labelFilter->addItem(tr("Any label"), QString());
    for (const QString& l : colorLabels()) {
        QPixmap swatch(12, 12);
        swatch.fill(PhotoDelegate::labelColor(l));
        m_labelFilter->addItem(QIcon(swatch), l.at(0).toUpper() + l.mid(1), l);
    }
    m_editedFilter = new QCheckBox(tr("Edited"));
    m_editedFilter->setObjectName(QStringLiteral("editedFilter"));
    m_webFilter = new QCheckBox(tr("For web"));
    m_webFilter->setObjectName(QStringLiteral("webFilter"));
    m_sort = new QComboBox;
    m_sort->setObjectName(QStringLiteral("sortOrder"));
    m_sort->addItems({tr("Capture time"), tr("File name"), tr("Rating")});
    barLayout->addWidget(m_search, 1);
    for (QWidget* w : std::initializer_list<QWidget*>{m_ratingFilter, m_flagFilter, m_labelFilter, m_editedFilter, m_webFilter})
        barLayout->addWidget(w);
    barLayout->addSpacing(12);
    barLayout->addWidget(new QLabel(tr("Sort")));
    barLayout->addWidget(m_sort);
    connect(m_search, &QLineEdit::textChanged, this, &MainWindow::applyFilterFromBar);
    for (QComboBox* cb : {m_ratingFilter, m_flagFilter, m_labelFilter})
        connect(cb, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilterFromBar);
    for (QCheckBox* cb : {m_editedFilter, m_webFilter}) connect(cb, &QCheckBox::toggled, this, &MainWindow::applyFilterFromBar);
    connect(m_sort, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_filter->setSortKey(PhotoFilterModel::SortKey(i));
    });

    m_grid = new PhotoGridView;
    m_grid->setObjectName(QStringLiteral("photoGrid"));
    m_grid->setModel(m_filter);
    connect(m_grid->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::onGridSelectionChanged);
    connect(m_grid->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::onGridSelectionChanged);
    connect(m_grid, &PhotoGridView::filesDropped, this, [this](const QStringList& paths) {
        if (currentEventId().isEmpty()) {
            showError(tr("Choose an event first: the photos are imported into the event shown in the grid."));
            return;
        }
        importFiles(currentEventId(), currentCategoryName(), paths);
    });
    connect(m_grid, &PhotoGridView::activatedForLoupe, this, [this] { showLoupe(true); });
    connect(m_grid, &QAbstractItemView::doubleClicked, this, [this] { showLoupe(true); });

    auto* gridPage = new QWidget;
    auto* gridLayout = new QVBoxLayout(gridPage);
    gridLayout->setContentsMargins(0, 0, 0, 0);
    gridLayout->setSpacing(0);
    gridLayout->addWidget(bar);
    gridLayout->addWidget(m_grid, 1);

    m_loupe = new LoupeView(m_catalogDir, m_filter);
    m_loupe->setObjectName(QStringLiteral("loupe"));
    connect(m_loupe, &LoupeView::closeRequested, this, [this] { showLoupe(false); });
    connect(m_loupe, &LoupeView::fullScreenToggled, this, [this](bool) { toggleFullScreen(); });
    connect(m_loupe, &LoupeView::currentIndexChanged, this, [this](const QModelIndex& i) {
        if (i.isValid()) m_grid->setCurrentIndex(i);
    });

    m_editView = new EditView(*m_catalog);
    m_editView->setObjectName(QStringLiteral("editView"));
    connect(m_editView, &EditView::saveRequested, this, &MainWindow::saveEdits);
    connect(m_editView, &EditView::closeRequested, this, [this] { showEditView(false); });

    m_centre = new QStackedWidget;
    m_centre->addWidget(gridPage);
    m_centre->addWidget(m_loupe);
    m_centre->addWidget(m_editView);
    connect(m_centre, &QStackedWidget::currentChanged, this, [this] {
        if (m_editAction) m_editAction->setChecked(isEditViewShown());   // also when G or E leaves the tool
    });

    // Right: what is known about the current photo.
    m_info = new QWidget;
    m_info->setObjectName(QStringLiteral("infoPanel"));
    m_infoForm = new QFormLayout(m_info);
    m_infoForm->setLabelAlignment(Qt::AlignRight);
    m_infoForm->setRowWrapPolicy(QFormLayout::DontWrapRows);
    auto* infoScroll = new QScrollArea;
    infoScroll->setWidget(m_info);
    infoScroll->setWidgetResizable(true);
    infoScroll->setMinimumWidth(240);
    infoScroll->setFrameShape(QFrame::NoFrame);

    m_splitter = new QSplitter;
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(m_centre);
    m_splitter->addWidget(infoScroll);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({290, 870, 280});
    setCentralWidget(m_splitter);

    // Bottom: files that could not be imported, with the reason, until cleared.
    m_failures = new QTableWidget(0, 2);
    m_failures->setObjectName(QStringLiteral("importFailures"));
    m_failures->setHorizontalHeaderLabels({tr("File"), tr("Why it was not imported")});
    m_failures->horizontalHeader()->setStretchLastSection(true);
    m_failures->verticalHeader()->hide();
    m_failures->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* failuresBox = new QWidget;
    auto* fl = new QVBoxLayout(failuresBox);
    fl->setContentsMargins(4, 4, 4, 4);
    fl->addWidget(m_failures);
    auto* clear = new QPushButton(tr("Clear"));
    connect(clear, &QPushButton::clicked, this, [this] {
        m_failures->setRowCount(0);
        m_failuresDock->hide();
    });
    fl->addWidget(clear, 0, Qt::AlignRight);
    m_failuresDock = new QDockWidget(tr("Import problems"), this);
    m_failuresDock->setObjectName(QStringLiteral("importProblemsDock"));
    m_failuresDock->setWidget(failuresBox);
    addDockWidget(Qt::BottomDockWidgetArea, m_failuresDock);
    m_failuresDock->hide();

    // Status bar: counts on the left; background work and its progress on the right.
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("statusCounts"));
    statusBar()->addWidget(m_status, 1);
    m_importLabel = new QLabel;
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(false);
    m_cancelImport = new QToolButton;
    m_cancelImport->setIcon(icon("cancel"));
    m_cancelImport->setToolTip(tr("Cancel the import (what is done is kept)"));
    connect(m_cancelImport, &QToolButton::clicked, this, [this] { m_imports->cancel(); });
    m_zoom = new QSlider(Qt::Horizontal);
    m_zoom->setObjectName(QStringLiteral("thumbnailSize"));
    m_zoom->setRange(100, 400);
    m_zoom->setMaximumWidth(140);
    m_zoom->setToolTip(tr("Thumbnail size"));
    connect(m_zoom, &QSlider::valueChanged, this, [this](int v) { m_grid->setCellSize(v); });
    statusBar()->addPermanentWidget(m_importLabel);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancelImport);
    statusBar()->addPermanentWidget(m_zoom);
    for (QWidget* w : std::initializer_list<QWidget*>{m_importLabel, m_progress, m_cancelImport}) w->hide();

    // Exports: their own progress beside the import's.
    m_exportLabel = new QLabel;
    m_exportLabel->setObjectName(QStringLiteral("exportLabel"));
    m_exportProgress = new QProgressBar;
    m_exportProgress->setObjectName(QStringLiteral("exportProgress"));
    m_exportProgress->setMaximumWidth(160);
    m_exportProgress->setTextVisible(false);
    m_cancelExport = new QToolButton;
    m_cancelExport->setIcon(icon("cancel"));
    m_cancelExport->setToolTip(tr("Cancel the export (the files written stay)"));
    connect(m_cancelExport, &QToolButton::clicked, this, [this] { m_exports->cancel(); });
    statusBar()->removeWidget(m_zoom);   // the thumbnail size stays rightmost
    for (QWidget* w : std::initializer_list<QWidget*>{m_exportLabel, m_exportProgress, m_cancelExport}) {
        statusBar()->addPermanentWidget(w);
        w->hide();
    }
    statusBar()->addPermanentWidget(m_zoom);
    m_zoom->show();
    connect(m_exports, &ExportController::exportStarted, this, [this](int total) {
        m_exportProgress->setRange(0, std::max(1, total));
        m_exportProgress->setValue(0);
        m_exportLabel->setText(tr("Exporting 0 of %1").arg(total));
        for (QWidget* w : std::initializer_list<QWidget*>{m_exportLabel, m_exportProgress, m_cancelExport}) w->show();
    });
    connect(m_exports, &ExportController::progressChanged, this, [this](int done, int total) {
        m_exportProgress->setMaximum(std::max(1, total));
        m_exportProgress->setValue(done);
        m_exportLabel->setText(tr("Exporting %1 of %2").arg(done).arg(total));
    });
    connect(m_exports, &ExportController::exportFinished, this, [this](const BatchExportSummary& s, const QString& folder) {
        QString text = tr("Export done: %1 file(s) in %2").arg(s.written.size()).arg(QDir::toNativeSeparators(folder));
        if (!s.failed.empty()) text += tr("; %1 failed: %2").arg(s.failed.size()).arg(s.failed.front().error);
        if (s.cancelled) text += tr(" (cancelled)");
        statusBar()->showMessage(text, 10000);
    });
    connect(m_exports, &ExportController::exportFailed, this, [this](const QString& m) { showError(tr("The export stopped: %1").arg(m)); });
    connect(m_exports, &ExportController::idle, this, [this] {
        for (QWidget* w : std::initializer_list<QWidget*>{m_exportLabel, m_exportProgress, m_cancelExport}) w->hide();
    });
    connect(m_renditions, &RenditionRefresher::renditionsRefreshed, m_loupe, &LoupeView::reloadPhoto);
    connect(m_renditions, &RenditionRefresher::refreshFailed, this, [this](const QString&, const QString& m) {
        showError(tr("The thumbnail could not be made again: %1").arg(m));
    });
}

void MainWindow::buildActions() {
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* edit = menuBar()->addMenu(tr("&Edit"));
    auto* photo = menuBar()->addMenu(tr("&Photo"));
    auto* view = menuBar()->addMenu(tr("&View"));
    auto* tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setIconSize(QSize(20, 20));
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tools->setMovable(false);

    auto add = [this](QMenu* menu, const QString& text, const QKeySequence& key, auto&& fn, const char* iconName = nullptr) {
        auto* a = new QAction(text, this);
        if (!key.isEmpty()) a->setShortcut(key);
        if (iconName) a->setIcon(icon(iconName));
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, this, fn);
        menu->addAction(a);
        addAction(a);  // shortcuts work while the menu bar is hidden (full screen)
        return a;
    };

    auto* importAct = add(file, tr("&Import…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I), [this] { openImportDialog(); }, "import");
    auto* exportAct = add(file, tr("&Export…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), [this] { openExportDialog(); }, "export");
    auto* newEventAct = add(file, tr("&New event…"), QKeySequence::New, [this] { newEvent(); }, "new-event");
    auto* detailsAct = add(file, tr("Event &details…"), QKeySequence(Qt::CTRL | Qt::Key_I), [this] { editEventDetails(); }, "details");
    m_publishAction = add(file, tr("&Publish"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), [this] { publishEvent(currentEventId()); }, "publish");
    m_publishAction->setObjectName(QStringLiteral("publishAction"));
    m_publishAction->setToolTip(tr("Publish the event's web selection to its gallery (Ctrl+Shift+P)"));
    add(file, tr("&Hosts…"), QKeySequence(), [this] { openHostProfiles(); });
    file->addMenu(m_publishStatus->speedMenu());
    file->addSeparator();
    add(file, tr("&Quit"), QKeySequence::Quit, [this] { close(); });

    QAction* undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setIcon(icon("undo"));
    QAction* redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence::Redo, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)});
    redo->setIcon(icon("redo"));
    edit->addAction(undo);
    edit->addAction(redo);
    addAction(undo);
    addAction(redo);
    edit->addSeparator();
    add(edit, tr("Select &all"), QKeySequence::SelectAll, [this] { m_grid->selectAll(); });
    edit->addSeparator();
    add(edit, tr("&Copy edits"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), [this] { copyEdits(); });
    add(edit, tr("&Paste edits"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V), [this] { pasteEdits(); });

    // Culling, with the keys photographers know from Lightroom.
    for (int r = 0; r <= 5; ++r)
        add(photo, r == 0 ? tr("No rating") : tr("Rate %1").arg(QString(r, QChar(0x2605))), QKeySequence(Qt::Key_0 + r),
            [this, r] { cull(int(CullingCommand::Field::Rating), r); });
    photo->addSeparator();
    add(photo, tr("&Pick"), QKeySequence(Qt::Key_P), [this] { cull(int(CullingCommand::Field::Flag), 1); });
    add(photo, tr("Re&ject"), QKeySequence(Qt::Key_X), [this] { cull(int(CullingCommand::Field::Flag), -1); });
    add(photo, tr("&Unflag"), QKeySequence(Qt::Key_U), [this] { cull(int(CullingCommand::Field::Flag), 0); });
    photo->addSeparator();
    const QStringList keyed{QStringLiteral("red"), QStringLiteral("yellow"), QStringLiteral("green"), QStringLiteral("blue")};
    for (int i = 0; i < keyed.size(); ++i)
        add(photo, tr("Label %1").arg(keyed[i]), QKeySequence(Qt::Key_6 + i), [this, l = keyed[i]] { toggleLabel(l); });
    add(photo, tr("Label purple"), QKeySequence(), [this] { toggleLabel(QStringLiteral("purple")); });
    photo->addSeparator();
    add(photo, tr("Select for &web"), QKeySequence(Qt::Key_W), [this] { toggleWeb(); }, "web");
    photo->addSeparator();
    // Again while the crop tool is open: done, as in Lightroom (Esc is the way out without saving).
    m_editAction = add(photo, tr("&Edit: crop, rotate, straighten"), QKeySequence(Qt::Key_R), [this] {
        if (isEditViewShown()) m_editView->save();
        else showEditView(true);
        m_editAction->setChecked(isEditViewShown());
    }, "crop");
    m_editAction->setIconText(tr("Edit"));
    m_editAction->setCheckable(true);

    auto* eventMenu = new QMenu(tr("E&vent"), this);
    menuBar()->insertMenu(view->menuAction(), eventMenu);
    add(eventMenu, tr("&Watermark presets…"), QKeySequence(), [this] { openWatermarkPresets(); });

    m_loupeAction = add(view, tr("&Loupe"), QKeySequence(Qt::Key_E), [this] { showLoupe(!isLoupeShown()); }, "loupe");
    m_loupeAction->setCheckable(true);
    add(view, tr("&Grid"), QKeySequence(Qt::Key_G), [this] { showLoupe(false); }, "grid");
    m_fullScreenAction = add(view, tr("&Full screen"), QKeySequence(Qt::Key_F), [this] { toggleFullScreen(); }, "fullscreen");
    add(view, tr("Larger thumbnails"), QKeySequence(Qt::Key_Equal), [this] { m_zoom->setValue(m_zoom->value() + 40); });
    add(view, tr("Smaller thumbnails"), QKeySequence(Qt::Key_Minus), [this] { m_zoom->setValue(m_zoom->value() - 40); });

    tools->addAction(importAct);
    tools->addAction(exportAct);
    tools->addAction(newEventAct);
    tools->addAction(detailsAct);
    tools->addAction(m_publishAction);
    tools->addSeparator();
    tools->addAction(m_loupeAction);
    tools->addAction(m_editAction);
    tools->addAction(m_fullScreenAction);
    tools->addSeparator();
    tools->addAction(undo);
    tools->addAction(redo);

    connect(m_treeModel, &EventTreeModel::filesDropped, this, &MainWindow::importFiles);
    connect(m_treeModel, &EventTreeModel::photosDropped, this, &MainWindow::onPhotosDropped);
    connect(m_gridModel, &PhotoGridModel::webSelectionChanged, this, [this] { updateStatus(); });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateStatus);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateStatus);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &MainWindow::updateStatus);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &MainWindow::updateStatus);
}

void MainWindow::connectImports() {
    // Tree counts are refreshed at most a few times a second while photos pour in.
    auto* treeRefresh = new QTimer(this);
    treeRefresh->setSingleShot(true);
    treeRefresh->setInterval(400);
    connect(treeRefresh, &QTimer::timeout, m_treeModel, &EventTreeModel::reload);

    connect(m_imports, &ImportController::importStarted, this, [this](int total) {
        m_progress->setRange(0, std::max(1, total));
        m_progress->setValue(0);
        m_importLabel->setText(tr("Importing 0 of %1").arg(total));
        for (QWidget* w : std::initializer_list<QWidget*>{m_importLabel, m_progress, m_cancelImport}) w->show();
    });
    connect(m_imports, &ImportController::photoImported, this, [this, treeRefresh](const QString& id) {
        m_gridModel->addPhoto(id);
        // The first photo to arrive in an empty grid becomes the current one (info panel, loupe).
        if (!m_grid->currentIndex().isValid() && m_filter->rowCount() > 0)
            m_grid->selectionModel()->setCurrentIndex(m_filter->index(0, 0), QItemSelectionModel::NoUpdate);
        if (!treeRefresh->isActive()) treeRefresh->start();
    });
    connect(m_imports, &ImportController::fileFailed, this, [this](const QString& path, const QString& error) {
        const int row = m_failures->rowCount();
        m_failures->insertRow(row);
        m_failures->setItem(row, 0, new QTableWidgetItem(path));
        m_failures->setItem(row, 1, new QTableWidgetItem(error));
        m_failures->item(row, 0)->setToolTip(path);
        m_failures->item(row, 1)->setToolTip(error);
        m_failuresDock->show();
    });
    connect(m_imports, &ImportController::progressChanged, this, [this](int done, int total) {
        m_progress->setMaximum(std::max(1, total));
        m_progress->setValue(done);
        m_importLabel->setText(tr("Importing %1 of %2").arg(done).arg(total));
    });
    connect(m_imports, &ImportController::importFinished, this, [this](const ImportSummary& s) {
        statusBar()->showMessage(tr("Import done: %1 new, %2 duplicate(s) skipped, %3 failed%4")
                                     .arg(s.imported).arg(s.duplicates).arg(s.failed.size())
                                     .arg(s.cancelled ? tr(" (cancelled)") : QString()), 8000);
        m_treeModel->reload();
    });
    connect(m_imports, &ImportController::importFailed, this, [this](const QString& m) { showError(tr("The import stopped: %1").arg(m)); });
    connect(m_imports, &ImportController::idle, this, [this] {
        for (QWidget* w : std::initializer_list<QWidget*>{m_importLabel, m_progress, m_cancelImport}) w->hide();
        m_treeModel->reload();
        emit importIdle();
    });
    m_imports->resumeUnfinished();
}

void MainWindow::connectPublishing() {
    connect(m_publishStatus, &PublishStatus::speedCapChosen, this, [this](qint64 cap) {
        QSettings(m_settingsFile, QSettings::IniFormat).setValue(QStringLiteral("publish/speedCap"), cap);
    });
    statusBar()->removeWidget(m_zoom);   // the thumbnail size stays rightmost
    statusBar()->addPermanentWidget(m_publishStatus);
    statusBar()->addPermanentWidget(m_zoom);
    m_zoom->show();
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        const QModelIndex idx = m_tree->indexAt(pos);
        if (!idx.isValid()) return;
        std::unique_ptr<QMenu> menu(eventContextMenu(idx.data(EventTreeModel::EventIdRole).toString()));
        menu->exec(m_tree->viewport()->mapToGlobal(pos));
    });
    connect(m_publisher, &PublishController::photoChanged, this,
            [this](const QString& eventId, const QString& photoId, const QString& state, const QString& error) {
                if (eventId == m_gridModel->eventId()) m_gridModel->setPublishState(photoId, state, error);
            });
    connect(m_publisher, &PublishController::publishFinished, this, [this](const QString& eventId, const upload::PublishSummary& s) {
        if (eventId == m_gridModel->eventId()) m_gridModel->reloadPublishStates();
        updateInfoPanel();
        if (s.cancelled) return statusBar()->showMessage(tr("Publish stopped: it goes on from there next time."), 8000);
        auto e = m_catalog->findEvent(eventId);
        if (m_doneDialog) m_doneDialog->close();
        m_doneDialog = new PublishDoneDialog(e.ok() && e.value() ? e.value()->name : eventId, s, this);
        m_doneDialog->setAttribute(Qt::WA_DeleteOnClose);
        m_doneDialog->show();
    });
    connect(m_publisher, &PublishController::publishFailed, this, [this](const QString& eventId, const QString& m) {
        if (eventId == m_gridModel->eventId()) m_gridModel->reloadPublishStates();
        showError(tr("The publish stopped: %1").arg(m));
    });
}

PublishDoneDialog* MainWindow::publishDoneDialog() const { return m_doneDialog.data(); }

void MainWindow::publishEvent(const QString& eventId) {
    if (eventId.isEmpty()) return showError(tr("Choose an event to publish first."));
    m_publisher->publish(eventId);
}

void MainWindow::openHostProfiles() {
    HostProfilesDialog dlg(*m_catalog, this, m_publisher);
    dlg.exec();
}

QMenu* MainWindow::eventContextMenu(const QString& eventId) {
    auto* menu = new QMenu(this);
    menu->addAction(icon("publish"), tr("Publish"), this, [this, eventId] { publishEvent(eventId); })->setObjectName(QStringLiteral("publishEvent"));
    menu->addAction(icon("details"), tr("Event details…"), this, [this, eventId] {
        selectEvent(eventId);
        editEventDetails();
    });
    menu->addSeparator();
    menu->addAction(tr("Hosts…"), this, [this] { openHostProfiles(); });
    return menu;
}

void MainWindow::importFiles(const QString& eventId, const QString& category, const QStringList& paths) {
    if (paths.isEmpty()) return;
    if (currentEventId().isEmpty()) selectEvent(eventId);
    m_imports->start(ImportRequest{eventId, category, paths, 0});
}

void MainWindow::selectEvent(const QString& eventId) {
    const QModelIndex idx = m_treeModel->indexForEvent(eventId);
    if (idx.isValid()) m_tree->selectionModel()->setCurrentIndex(idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

QString MainWindow::currentEventId() const { return m_gridModel->eventId(); }

QString MainWindow::currentCategoryName() const {
    const QModelIndex idx = m_tree->currentIndex();
    return idx.isValid() && idx.data(EventTreeModel::IsCategoryRole).toBool() ? idx.sibling(idx.row(), 0).data().toString() : QString();
}

void MainWindow::onTreeSelectionChanged() {
    const QModelIndex idx = m_tree->currentIndex();
    if (!idx.isValid()) return;
    const QString eventId = idx.data(EventTreeModel::EventIdRole).toString();
    if (eventId != m_gridModel->eventId()) m_gridModel->setEvent(eventId);
    m_categoryFilter = idx.data(EventTreeModel::IsCategoryRole).toBool() ? idx.data(EventTreeModel::CategoryIdRole).toLongLong() : -1;
    applyFilterFromBar();
    if (m_filter->rowCount() > 0 && !m_grid->currentIndex().isValid())
        m_grid->selectionModel()->setCurrentIndex(m_filter->index(0, 0), QItemSelectionModel::NoUpdate);
    updateStatus();
}

void MainWindow::applyFilterFromBar() {
    PhotoFilter f;
    f.text = m_search->text().trimmed();
    f.minRating = m_ratingFilter->currentIndex();
    f.flag = PhotoFilter::Flag(m_flagFilter->currentIndex());
    f.colorLabel = m_labelFilter->currentData().toString();
    f.editedOnly = m_editedFilter->isChecked();
    f.webOnly = m_webFilter->isChecked();
    if (m_categoryFilter >= 0) f.categoryId = m_categoryFilter;
    m_filter->setPhotoFilter(f);
    updateStatus();
}

QStringList MainWindow::targetPhotoIds() const {
    if (isEditViewShown()) return m_editView->photoId().isEmpty() ? QStringList{} : QStringList{m_editView->photoId()};
    if (isLoupeShown()) {
        const QModelIndex i = m_loupe->currentIndex();
        return i.isValid() ? QStringList{i.data(PhotoIdRole).toString()} : QStringList{};
    }
    QStringList ids;
    for (const QModelIndex& i : m_grid->selectionModel()->selectedIndexes()) ids << i.data(PhotoIdRole).toString();
    if (ids.isEmpty() && m_grid->currentIndex().isValid()) ids << m_grid->currentIndex().data(PhotoIdRole).toString();
    return ids;
}

void MainWindow::cull(int field, const QVariant& value) {
    const QStringList ids = targetPhotoIds();
    if (ids.isEmpty()) return;
    m_undo->push(new CullingCommand(
        *m_catalog, CullingCommand::Field(field), ids, value,
        [this](const QStringList& changed) {
            m_gridModel->refreshPhotos(changed);
            m_treeModel->reload();
            updateInfoPanel();
        },
        [this](const QString& message) { showError(message); }));
}

void MainWindow::toggleLabel(const QString& label) {
    const QStringList ids = targetPhotoIds();
    if (ids.isEmpty()) return;
    // Like Lightroom: the same key again takes the label off.
    const int row = m_gridModel->rowOf(ids.first());
    const bool has = row >= 0 && m_gridModel->record(row).colorLabel == label;
    cull(int(CullingCommand::Field::ColorLabel), has ? QString() : label);
}

void MainWindow::toggleWeb() {
    const QStringList ids = targetPhotoIds();
    if (ids.isEmpty()) return;
    const int row = m_gridModel->rowOf(ids.first());
    cull(int(CullingCommand::Field::WebSelection), !(row >= 0 && m_gridModel->record(row).selected));
}

void MainWindow::onPhotosDropped(const QStringList& ids, const QString& eventId, qint64 categoryId) {
    for (const QString& id : ids) {
        const int row = m_gridModel->rowOf(id);
        if (row < 0 || m_gridModel->record(row).eventId != eventId) {
            showError(tr("Photos move between the categories of their own event only."));
            return;
        }
    }
    m_undo->push(new CullingCommand(
        *m_catalog, CullingCommand::Field::Category, ids, qlonglong(categoryId),
        [this](const QStringList& changed) {
            m_gridModel->refreshPhotos(changed);
            m_treeModel->reload();
            m_filter->invalidate();
            updateInfoPanel();
        },
        [this](const QString& message) { showError(message); }));
}

void MainWindow::onGridSelectionChanged() {
    updateInfoPanel();
    updateStatus();
}

void MainWindow::updateInfoPanel() {
    while (m_infoForm->rowCount() > 0) m_infoForm->removeRow(0);
    const QStringList ids = targetPhotoIds();
    auto row = [this](const QString& label, const QString& value) {
        auto* v = new QLabel(value.isEmpty() ? QStringLiteral("—") : value);
        v->setWordWrap(true);
        v->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_infoForm->addRow(label, v);
    };
    if (ids.isEmpty()) {
        m_infoForm->addRow(new QLabel(tr("No photo selected")));
        return;
    }
    if (ids.size() > 1) {
        m_infoForm->addRow(new QLabel(tr("%1 photos selected").arg(ids.size())));
        return;
    }
    const int r = m_gridModel->rowOf(ids.first());
    if (r < 0) return;
    const PhotoRecord& p = m_gridModel->record(r);
    const PhotoMetadata& m = p.meta;
    QStringList exposure;
    if (!m.exposureTime.isEmpty()) exposure << m.exposureTime + QStringLiteral(" s");
    if (m.fNumber) exposure << QStringLiteral("f/%1").arg(*m.fNumber, 0, 'g', 3);
    if (m.iso) exposure << QStringLiteral("ISO %1").arg(*m.iso);
    if (m.focalLengthMm) exposure << QStringLiteral("%1 mm").arg(*m.focalLengthMm, 0, 'g', 4);
    row(tr("File"), p.filename);
    row(tr("Captured"), m.capturedAt.isValid() ? m.capturedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString());
    row(tr("Camera"), QStringList{m.cameraMake, m.cameraModel}.join(QLatin1Char(' ')).trimmed());
    row(tr("Lens"), m.lens);
    row(tr("Exposure"), exposure.join(QStringLiteral("  ")));
    row(tr("Size"), QStringLiteral("%1 × %2 (%3 MP)").arg(p.width).arg(p.height).arg(double(p.width) * p.height / 1e6, 0, 'f', 1));
    row(tr("Category"), p.category);
    row(tr("Rating"), p.rating ? QString(p.rating, QChar(0x2605)) : tr("none"));
    row(tr("Flag"), p.flag == PhotoFlag::Pick ? tr("pick") : p.flag == PhotoFlag::Reject ? tr("reject") : tr("none"));
    row(tr("Label"), p.colorLabel);
    row(tr("For web"), p.selected ? tr("selected") : tr("no"));
    const QString gallery = m_gridModel->index(r).data(PublishStateRole).toString();
    row(tr("Gallery"), gallery.isEmpty() ? tr("not published") : gallery);
    row(tr("Caption"), m.caption);
    row(tr("Keywords"), m.keywords.join(QStringLiteral(", ")));
    row(tr("Copyright"), m.copyright);
    if (m.gps) row(tr("GPS"), QStringLiteral("%1, %2").arg(m.gps->latitude, 0, 'f', 5).arg(m.gps->longitude, 0, 'f', 5));
}

QString MainWindow::statusText() const { return m_status->text(); }

void MainWindow::updateStatus() {
    if (m_gridModel->eventId().isEmpty()) {
        m_status->setText(tr("Drop a shoot on an event to import it"));
        return;
    }
    const int selected = int(m_grid->selectionModel()->selectedIndexes().size());
    m_status->setText(tr("%1 photos · %2 shown · %3 selected · %4 for web")
                          .arg(m_gridModel->rowCount()).arg(m_filter->rowCount()).arg(selected).arg(m_gridModel->webSelectedCount()));
}

void MainWindow::showLoupe(bool on) {
    if (on) {
        QModelIndex i = m_grid->currentIndex();
        if (!i.isValid() && m_filter->rowCount() > 0) i = m_filter->index(0, 0);
        if (!i.isValid()) return;
        m_loupe->setCurrentIndex(i);
        m_centre->setCurrentWidget(m_loupe);
        m_loupe->setFocus();
    } else {
        m_centre->setCurrentIndex(0);
        m_grid->setFocus();
        if (m_loupe->currentIndex().isValid()) m_grid->scrollTo(m_loupe->currentIndex());
    }
    m_loupeAction->setChecked(on);
    updateInfoPanel();
}

bool MainWindow::isLoupeShown() const { return m_centre->currentWidget() == m_loupe; }

void MainWindow::toggleFullScreen() {
    const bool on = !isFullScreen();
    if (on) showFullScreen();
    else showNormal();
    menuBar()->setVisible(!on);
    for (QToolBar* t : findChildren<QToolBar*>()) t->setVisible(!on);
}

void MainWindow::setThumbnailSize(int px) { m_zoom->setValue(px); }

void MainWindow::newEvent() {
    EventDetailsDialog dlg(*m_catalog, QString(), this);
    if (dlg.exec() != QDialog::Accepted) return;
    m_treeModel->reload();
    selectEvent(dlg.eventId());
}

void MainWindow::editEventDetails() {
    if (currentEventId().isEmpty()) return;
    EventDetailsDialog dlg(*m_catalog, currentEventId(), this);
    dlg.exec();
    // Category changes apply at once (even when the details are cancelled): show them either way.
    m_treeModel->reload();
    m_tree->expandAll();
}

void MainWindow::openImportDialog() {
    ImportDialog dlg(*m_catalog, currentEventId(), this);
    if (dlg.exec() != QDialog::Accepted) return;
    const ImportRequest r = dlg.request();
    if (currentEventId() != r.event) {
        auto e = m_catalog->findEvent(r.event);
        if (e.ok() && e.value()) selectEvent(e.value()->id);
    }
    m_imports->start(r);
}

QString MainWindow::currentPhotoId() const {
    if (isEditViewShown()) return m_editView->photoId();
    const QModelIndex i = isLoupeShown() ? m_loupe->currentIndex() : m_grid->currentIndex();
    if (i.isValid()) return i.data(PhotoIdRole).toString();
    const QStringList ids = targetPhotoIds();
    return ids.isEmpty() ? QString() : ids.first();
}

void MainWindow::showEditView(bool on) {
    if (on) {
        if (isEditViewShown()) return;
        const QString id = currentPhotoId();
        if (id.isEmpty()) return;
        m_editReturnTo = m_centre->currentWidget();
        if (!m_editView->openPhoto(id)) showError(tr("This photo cannot be edited now."));
        m_centre->setCurrentWidget(m_editView);
        m_editView->setFocus();
    } else if (isEditViewShown()) {
        QWidget* back = m_editReturnTo ? m_editReturnTo : m_centre->widget(0);
        m_centre->setCurrentWidget(back);
        if (back == m_loupe) m_loupe->setFocus();
        else m_grid->setFocus();
    }
    m_editAction->setChecked(isEditViewShown());
    updateInfoPanel();
}

bool MainWindow::isEditViewShown() const { return m_centre->currentWidget() == m_editView; }

void MainWindow::saveEdits(const QString& photoId, const EditList& edits) {
    const int row = m_gridModel->rowOf(photoId);
    const QString name = row >= 0 ? m_gridModel->record(row).filename : photoId;
    m_editFailed = false;
    m_undo->push(new EditCommand(
        *m_catalog, {photoId}, edits, tr("Edit %1").arg(name), [this](const QStringList& changed) { onEditsChanged(changed); },
        [this](const QString& message) {
            m_editFailed = true;
            showError(tr("The edits were not saved: %1").arg(message));
        }));
    // A refused save keeps the crop tool open, with the work in it.
    if (!m_editFailed) showEditView(false);
}

void MainWindow::onEditsChanged(const QStringList& photoIds) {
    if (photoIds.isEmpty()) return;
    m_gridModel->refreshPhotos(photoIds);   // the edited badge now; the new thumbnail when it is made
    m_renditions->refresh(photoIds);
    updateInfoPanel();
}

void MainWindow::copyEdits() {
    const QString id = currentPhotoId();
    if (id.isEmpty()) return;
    auto state = loadPhotoEdits(*m_catalog, id);
    if (!state.ok()) return showError(state.error().toString());
    m_copiedEdits = state->edits();
    QStringList ops;
    for (const EditOperation& op : *m_copiedEdits) ops << describeEditOperation(op);
    statusBar()->showMessage(ops.isEmpty() ? tr("Copied: no edits (pasting gives the original picture back)")
                                           : tr("Copied edits: %1").arg(ops.join(QStringLiteral(", "))), 6000);
}

void MainWindow::pasteEdits() {
    if (!m_copiedEdits) return showError(tr("Copy a photo's edits first (Ctrl+Shift+C)."));
    const QStringList ids = targetPhotoIds();
    if (ids.isEmpty()) return;
    m_undo->push(new EditCommand(
        *m_catalog, ids, *m_copiedEdits, ids.size() == 1 ? tr("Paste edits onto 1 photo") : tr("Paste edits onto %1 photos").arg(ids.size()),
        [this](const QStringList& changed) { onEditsChanged(changed); },
        [this](const QString& message) { showError(tr("The edits were not pasted: %1").arg(message)); }));
}

void MainWindow::openExportDialog() {
    // The selection in the grid's order, so {seq} counts as the photographer sees them.
    QStringList ids = targetPhotoIds();
    std::sort(ids.begin(), ids.end(), [this](const QString& a, const QString& b) {
        const int ra = m_gridModel->rowOf(a), rb = m_gridModel->rowOf(b);
        const int fa = ra < 0 ? -1 : m_filter->mapFromSource(m_gridModel->index(ra)).row();
        const int fb = rb < 0 ? -1 : m_filter->mapFromSource(m_gridModel->index(rb)).row();
        return fa < fb;
    });
    if (ids.isEmpty()) return showError(tr("Select the photos to export first."));
    ExportDialog dlg(*m_catalog, currentEventId(), ids, this);
    dlg.setChoices(m_lastExport);
    if (dlg.exec() != QDialog::Accepted) return;
    m_lastExport = dlg.request();
    m_exports->start(m_lastExport);
}

void MainWindow::openWatermarkPresets() {
    WatermarkPresetsDialog dlg(*m_catalog, currentEventId(), currentPhotoId(), this);
    dlg.exec();
}

void MainWindow::showError(const QString& message) { statusBar()->showMessage(message, 10000); }

void MainWindow::restoreSettings() {
    QSettings s(m_settingsFile, QSettings::IniFormat);
    if (!restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray())) resize(1440, 900);
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    if (s.contains(QStringLiteral("window/splitter"))) m_splitter->restoreState(s.value(QStringLiteral("window/splitter")).toByteArray());
    m_zoom->setValue(s.value(QStringLiteral("view/thumbnailSize"), 200).toInt());
    m_publishStatus->setSpeedCap(s.value(QStringLiteral("publish/speedCap"), 0).toLongLong());
    m_grid->setCellSize(m_zoom->value());
    const QString last = s.value(QStringLiteral("view/event")).toString();
    if (!last.isEmpty() && m_treeModel->indexForEvent(last).isValid()) selectEvent(last);
    else if (m_treeModel->rowCount() > 0) m_tree->selectionModel()->setCurrentIndex(m_treeModel->index(0, 0), QItemSelectionModel::ClearAndSelect);
}

void MainWindow::saveSettings() const {
    QSettings s(m_settingsFile, QSettings::IniFormat);
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    s.setValue(QStringLiteral("view/thumbnailSize"), m_zoom->value());
    s.setValue(QStringLiteral("view/event"), currentEventId());
}

void MainWindow::closeEvent(QCloseEvent* e) {
    saveSettings();
    m_imports->cancel();
    m_exports->cancel();
    m_publisher->cancel();   // its job stays in the catalog: the next start finishes it
    QMainWindow::closeEvent(e);
}

} // namespace pd::ui
