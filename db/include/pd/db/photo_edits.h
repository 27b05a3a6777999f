// Changing photos' edits in the catalog: one operation at a time, reset, undo and redo (with the
// undo history stored beside the edits, so it survives a restart and works across CLI runs), and
// copying one photo's edits onto a selection. Every change is one transaction and raises the
// photo's edit_version; renditions made from an older version are stale until a
// RenditionRebuilder makes them again. Use from the catalog connection's thread.
#pragma once

#include "pd/core/edit_history.h"
#include "pd/core/result.h"

#include <QStringList>

#include <vector>

namespace pd {

class Catalog;

struct PhotoEditState {
    QString photoId;
    EditHistory history;        // history.current() is the photo's edit list
    qint64 editVersion = 0;
    const EditList& edits() const { return history.current(); }
};

// Errors: NotFound; UnsupportedFormat for edits a newer Proofdesk wrote.
Result<PhotoEditState> loadPhotoEdits(Catalog& catalog, const QString& photoId);

// Appends one operation after validating it (InvalidArgument says what is wrong); the redo
// stack is dropped.
Result<PhotoEditState> applyPhotoEdit(Catalog& catalog, const QString& photoId, const EditOperation& op);
// Back to the original picture (undoable). A photo without edits is left as it is.
Result<PhotoEditState> resetPhotoEdits(Catalog& catalog, const QString& photoId);
// InvalidArgument "nothing to undo/redo" when the stack is empty.
Result<PhotoEditState> undoPhotoEdit(Catalog& catalog, const QString& photoId);
Result<PhotoEditState> redoPhotoEdit(Catalog& catalog, const QString& photoId);

// Gives every photo exactly `edits` (one undoable step each; photos that already have them are
// left alone). All or nothing. A crop drawn at a ratio keeps that ratio on photos of other shapes.
Result<std::vector<PhotoEditState>> pastePhotoEdits(Catalog& catalog, const EditList& edits, const QStringList& photoIds);
// pastePhotoEdits with the edits of `fromPhoto` (copying a photo onto itself is refused).
Result<std::vector<PhotoEditState>> copyPhotoEdits(Catalog& catalog, const QString& fromPhoto, const QStringList& toPhotos);

} // namespace pd
