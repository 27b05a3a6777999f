// The Import dialog, for those who do not drag: a source folder or card, the destination event
// and category; duplicates are always skipped.
#pragma once

#include "pd/db/importer.h"

#include <QDialog>

namespace pd {
class Catalog;
}

namespace pd::ui {

// GUI thread only. Does not import: when accepted, request() says what to import and the
// caller hands it to the ImportController.
class ImportDialog : public QDialog {
    Q_OBJECT
public:
    ImportDialog(Catalog& catalog, const QString& preselectedEventId, QWidget* parent = nullptr);
    ~ImportDialog() override;

    ImportRequest request() const;
    void setSourcePaths(const QStringList& paths);  // prefill (also used by tests)

private:
    struct Private;
    Private* d;
};

} // namespace pd::ui
