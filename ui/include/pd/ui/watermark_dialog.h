// Watermark presets: the list, each preset's text and logo and where they go, a live preview on
// the current photo, and which one the event's proofs carry.
#pragma once

#include <QDialog>
#include <QImage>

namespace pd {
class Catalog;
}

namespace pd::ui {

// GUI thread only; reads and writes through the GUI thread's catalog connection. The preview is
// the photo's (edited) preview scaled down, marked on the dialog's own pool with the core's
// applyWatermark: every length is a fraction of the short edge, so the small copy shows the
// mark as the proofs will carry it. A preview made for settings that have since changed is
// dropped by a generation counter. Changes are kept in the dialog until Save.
class WatermarkPresetsDialog : public QDialog {
    Q_OBJECT
public:
    // eventId: whose default the dialog shows and sets (empty: none). previewPhotoId: the photo
    // the preview shows (empty: a grey card).
    WatermarkPresetsDialog(Catalog& catalog, const QString& eventId, const QString& previewPhotoId, QWidget* parent = nullptr);
    ~WatermarkPresetsDialog() override;

    // What Save does: every changed preset stored, then the event's default. False, with the
    // reason shown in the dialog, when the catalog refuses something (what was stored stays).
    bool save();
    bool hasUnsavedChanges() const;

    // For tests and the screenshot script.
    int presetCount() const;
    void addPreset();
    void selectPreset(int row);
    QImage previewBase() const;    // the photo, scaled down, unmarked
    QImage previewImage() const;   // the same with the selected preset's mark; null until made
    bool isPreviewCurrent() const; // previewImage() shows the current settings
    QString message() const;       // the last problem shown

    // Closing with unsaved changes asks whether to save them.
    void done(int result) override;

signals:
    void previewUpdated();

private:
    struct Private;
    Private* d;
};

} // namespace pd::ui
