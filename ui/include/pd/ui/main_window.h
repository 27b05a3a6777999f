// The window a photographer lives in: events on the left, the grid (or the loupe) in the centre,
// the photo's details on the right, background work in the status bar.
#pragma once

#include "pd/core/edit_operations.h"
#include "pd/db/importer.h"
#include "pd/db/photo_export.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>
#include <optional>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QSlider;
class QSplitter;
class QStackedWidget;
class QTableWidget;
class QToolButton;
class QTreeView;
class QUndoStack;
class QDockWidget;
class QFormLayout;

namespace pd {
class Catalog;
}

namespace pd::ui {

class EditView;
class EventTreeModel;
class ExportController;
class ImportController;
class LoupeView;
class PhotoFilterModel;
class PhotoGridModel;
class PhotoGridView;
class PublishController;
class PublishDoneDialog;
class PublishStatus;
class RenditionRefresher;
class ThumbnailCache;

// GUI thread only. Owns the GUI thread's catalog connection, the thumbnail cache, the import
// controller (its own thread) and the undo stack.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // settingsFile: where geometry and view settings are remembered (an INI file).
    MainWindow(const QString& catalogDir, const QString& settingsFile, QWidget* parent = nullptr);
    ~MainWindow() override;

    void selectEvent(const QString& eventId);
    QString currentEventId() const;
    void importFiles(const QString& eventId, const QString& category, const QStringList& paths);
    QStringList targetPhotoIds() const;  // what culling keys act on: the selection, or the current photo
    void showLoupe(bool on);
    bool isLoupeShown() const;
    // The crop tool on the current photo (R); off: back to the grid or the loupe it came from.
    void showEditView(bool on);
    bool isEditViewShown() const;
    void copyEdits();    // the current photo's edit list, for pasteEdits
    void pasteEdits();   // onto targetPhotoIds(), one undoable step
    void publishEvent(const QString& eventId);   // Publish (Ctrl+Shift+P): the event's web selection to its host
    void openHostProfiles();
    // The events tree's context menu for an event (Publish, Event details…); the caller owns it.
    QMenu* eventContextMenu(const QString& eventId);

    // For tests and the screenshot script.
    Catalog& catalog() { return *m_catalog; }
    QTreeView* eventTree() const { return m_tree; }
    EventTreeModel* eventTreeModel() const { return m_treeModel; }
    PhotoGridView* grid() const { return m_grid; }
    PhotoGridModel* gridModel() const { return m_gridModel; }
    PhotoFilterModel* filterModel() const { return m_filter; }
    ImportController* importController() const { return m_imports; }
    QUndoStack* undoStack() const { return m_undo; }
    LoupeView* loupe() const { return m_loupe; }
    EditView* editView() const { return m_editView; }
    RenditionRefresher* renditionRefresher() const { return m_renditions; }
    ExportController* exportController() const { return m_exports; }
    QTableWidget* failuresTable() const { return m_failures; }
    QProgressBar* importProgress() const { return m_progress; }
    QString statusText() const;
    PublishController* publishController() const { return m_publisher; }
    PublishStatus* publishStatus() const { return m_publishStatus; }
    PublishDoneDialog* publishDoneDialog() const;   // the last one, while open
    QAction* publishAction() const { return m_publishAction; }
    void setThumbnailSize(int px);

signals:
    void importIdle();

protected:
    void closeEvent(QCloseEvent* e) override;

private:
    void buildActions();
    void buildLayout();
    void connectImports();
    void connectPublishing();
    void restoreSettings();
    void saveSettings() const;
    void applyFilterFromBar();
    void onTreeSelectionChanged();
    void onGridSelectionChanged();
    void updateInfoPanel();
    void updateStatus();
    void cull(int field, const QVariant& value);
    void toggleLabel(const QString& label);
    void toggleWeb();
    void newEvent();
    void editEventDetails();
    void openImportDialog();
    void openExportDialog();
    void openWatermarkPresets();
    void saveEdits(const QString& photoId, const EditList& edits);
    void onEditsChanged(const QStringList& photoIds);
    QString currentPhotoId() const;
    void toggleFullScreen();
    void onPhotosDropped(const QStringList& ids, const QString& eventId, qint64 categoryId);
    void showError(const QString& message);
    QString currentCategoryName() const;

    QString m_catalogDir;
    QString m_settingsFile;
    std::unique_ptr<Catalog> m_catalog;
    ThumbnailCache* m_thumbnails = nullptr;
    ImportController* m_imports = nullptr;
    QUndoStack* m_undo = nullptr;

    EventTreeModel* m_treeModel = nullptr;
    PhotoGridModel* m_gridModel = nullptr;
    PhotoFilterModel* m_filter = nullptr;

    QSplitter* m_splitter = nullptr;
    QTreeView* m_tree = nullptr;
    QStackedWidget* m_centre = nullptr;
    PhotoGridView* m_grid = nullptr;
    LoupeView* m_loupe = nullptr;
    EditView* m_editView = nullptr;
    QWidget* m_editReturnTo = nullptr;   // the page the crop tool was opened from
    RenditionRefresher* m_renditions = nullptr;
    ExportController* m_exports = nullptr;
    std::optional<EditList> m_copiedEdits;
    BatchExportRequest m_lastExport;
    bool m_editFailed = false;
    QWidget* m_info = nullptr;
    QFormLayout* m_infoForm = nullptr;
    QLineEdit* m_search = nullptr;
    QComboBox* m_ratingFilter = nullptr;
    QComboBox* m_flagFilter = nullptr;
    QComboBox* m_labelFilter = nullptr;
    QCheckBox* m_editedFilter = nullptr;
    QCheckBox* m_webFilter = nullptr;
    QComboBox* m_sort = nullptr;
    QSlider* m_zoom = nullptr;
    QDockWidget* m_failuresDock = nullptr;
    QTableWidget* m_failures = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_importLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancelImport = nullptr;
    QLabel* m_exportLabel = nullptr;
    QProgressBar* m_exportProgress = nullptr;
    QToolButton* m_cancelExport = nullptr;
    PublishController* m_publisher = nullptr;
    PublishStatus* m_publishStatus = nullptr;
    QPointer<PublishDoneDialog> m_doneDialog;
    QAction* m_publishAction = nullptr;
    QAction* m_loupeAction = nullptr;
    QAction* m_editAction = nullptr;
    QAction* m_fullScreenAction = nullptr;
    qint64 m_categoryFilter = -1;  // -1: the whole event
};

} // namespace pd::ui
