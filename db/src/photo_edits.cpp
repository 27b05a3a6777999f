// Photos' edit lists and undo stacks in catalog.sqlite (photos.edits, edit_history, edit_version).
#include "pd/db/photo_edits.h"

#include "pd/db/catalog.h"

#include <QJsonDocument>

#include <functional>

namespace pd {

namespace {

Result<PhotoEditState> readState(SqliteDb& db, const QString& photoId) {
    auto st = db.prepare(QStringLiteral("SELECT edits, edit_history, edit_version FROM photos WHERE id = ?"));
    PD_TRY(st);
    st->bind(1, photoId);
    auto row = st->step();
    PD_TRY(row);
    if (!row.value()) return makeError(ErrorCode::NotFound, QStringLiteral("no photo with the id \"%1\"").arg(photoId));
    auto edits = editListFromText(st->text(0));
    if (!edits.ok()) return edits.error().withContext(QStringLiteral("the edits of photo %1").arg(photoId));
    auto history = EditHistory::fromJson(std::move(edits).value(), QJsonDocument::fromJson(st->text(1).toUtf8()).object());
    if (!history.ok()) {
        // An unreadable undo history costs the undo steps, never the edits themselves.
        auto again = editListFromText(st->text(0));
        history = EditHistory(std::move(again).value());
    }
    return PhotoEditState{photoId, std::move(history).value(), st->int64(2)};
}

Status writeState(SqliteDb& db, PhotoEditState& state) {
    auto st = db.prepare(QStringLiteral("UPDATE photos SET edits = ?, edit_history = ?, edit_version = edit_version + 1 "
                                        "WHERE id = ? RETURNING edit_version"));
    PD_TRY(st);
    st->bind(1, editListToText(state.history.current()))
        .bind(2, QString::fromUtf8(QJsonDocument(state.history.stacksToJson()).toJson(QJsonDocument::Compact)))
        .bind(3, state.photoId);
    auto row = st->step();
    PD_TRY(row);
    if (!row.value()) return makeError(ErrorCode::NotFound, QStringLiteral("no photo with the id \"%1\"").arg(state.photoId));
    state.editVersion = st->int64(0);
    st->reset();
    return {};
}

// Reads, changes (change returns whether anything changed) and writes one photo's edits.
Status changeOne(SqliteDb& db, const QString& photoId, const std::function<Result<bool>(EditHistory&)>& change,
                 PhotoEditState& out) {
    auto state = readState(db, photoId);
    PD_TRY(state);
    auto changed = change(state->history);
    PD_TRY(changed);
    if (changed.value()) PD_TRY(writeState(db, state.value()));
    out = std::move(state).value();
    return {};
}

Result<PhotoEditState> change(Catalog& catalog, const QString& photoId, const std::function<Result<bool>(EditHistory&)>& fn) {
    Transaction tx(catalog.db());
    PD_TRY(tx.begun());
    PhotoEditState state;
    PD_TRY(changeOne(catalog.db(), photoId, fn, state));
    PD_TRY(tx.commit());
    return state;
}

Status validateAll(const EditList& edits) {
    for (size_t i = 0; i < edits.size(); ++i) {
        const Status s = validateEditOperation(edits[i]);
        if (!s.ok()) return s.error().withContext(QStringLiteral("edit %1").arg(i + 1));
    }
    return {};
}

} // namespace

Result<PhotoEditState> loadPhotoEdits(Catalog& catalog, const QString& photoId) { return readState(catalog.db(), photoId); }

Result<PhotoEditState> applyPhotoEdit(Catalog& catalog, const QString& photoId, const EditOperation& op) {
    PD_TRY(validateEditOperation(op));
    return change(catalog, photoId, [&](EditHistory& h) -> Result<bool> {
        h.apply(op);
        return true;
    });
}

Result<PhotoEditState> resetPhotoEdits(Catalog& catalog, const QString& photoId) {
    return change(catalog, photoId, [](EditHistory& h) -> Result<bool> { return h.replace({}); });
}

Result<PhotoEditState> undoPhotoEdit(Catalog& catalog, const QString& photoId) {
    return change(catalog, photoId, [](EditHistory& h) -> Result<bool> {
        if (!h.undo()) return makeError(ErrorCode::InvalidArgument, QStringLiteral("nothing to undo"));
        return true;
    });
}

Result<PhotoEditState> redoPhotoEdit(Catalog& catalog, const QString& photoId) {
    return change(catalog, photoId, [](EditHistory& h) -> Result<bool> {
        if (!h.redo()) return makeError(ErrorCode::InvalidArgument, QStringLiteral("nothing to redo"));
        return true;
    });
}

Result<std::vector<PhotoEditState>> pastePhotoEdits(Catalog& catalog, const EditList& edits, const QStringList& photoIds) {
    PD_TRY(validateAll(edits));
    Transaction tx(catalog.db());
    PD_TRY(tx.begun());
    std::vector<PhotoEditState> out;
    for (const QString& id : photoIds) {
        PhotoEditState state;
        PD_TRY(changeOne(catalog.db(), id, [&](EditHistory& h) -> Result<bool> { return h.replace(edits); }, state));
        out.push_back(std::move(state));
    }
    PD_TRY(tx.commit());
    return out;
}

Result<std::vector<PhotoEditState>> copyPhotoEdits(Catalog& catalog, const QString& fromPhoto, const QStringList& toPhotos) {
    if (toPhotos.contains(fromPhoto))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a photo's edits cannot be copied onto itself"));
    auto from = loadPhotoEdits(catalog, fromPhoto);
    PD_TRY(from);
    return pastePhotoEdits(catalog, from->edits(), toPhotos);
}

} // namespace pd
