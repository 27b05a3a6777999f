// The Export dialog (as in Lightroom): the selected photos to a folder as proofs (for customers,
// watermarked) or print files (for the lab), at a size and quality, with a file-name template.
#pragma once

#include "pd/db/photo_export.h"

#include <QDialog>

namespace pd {
class Catalog;
}

namespace pd::ui {

// GUI thread only. Does not export: when accepted, request() says what to export and the caller
// hands it to the ExportController.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    // photoIds: in the order {seq} numbers them.
    ExportDialog(Catalog& catalog, const QString& eventId, const QStringList& photoIds, QWidget* parent = nullptr);
    ~ExportDialog() override;

    BatchExportRequest request() const;
    // Prefills the choices (the last export's), except the photos.
    void setChoices(const BatchExportRequest& previous);
    QString exampleFileName() const;   // what the first photo will be called; empty when the template is wrong

private:
    struct Private;
    Private* d;
};

} // namespace pd::ui
