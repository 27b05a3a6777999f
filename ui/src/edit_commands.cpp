// Edit lists given to photos as undoable commands over the catalog.
#include "pd/ui/edit_commands.h"

#include "pd/db/photo_edits.h"

namespace pd::ui {

EditCommand::EditCommand(Catalog& catalog, const QStringList& photoIds, EditList edits, const QString& text, Changed changed,
                         Failed failed)
    : m_catalog(catalog), m_edits(std::move(edits)), m_onChanged(std::move(changed)), m_onFailed(std::move(failed)) {
    setText(text);
    for (const QString& id : photoIds) {
        auto state = loadPhotoEdits(m_catalog, id);
        if (!state.ok()) {
            if (m_onFailed) m_onFailed(state.error().toString());
            m_changed.clear();
            setObsolete(true);
            return;
        }
        if (state->edits() == m_edits || m_before.contains(id)) continue;
        m_before.insert(id, state->edits());
        m_changed << id;
    }
}

bool EditCommand::moveTo(const QString& id, const EditList& from, const EditList& to, bool backwards) {
    auto state = loadPhotoEdits(m_catalog, id);
    Result<PhotoEditState> moved = state;
    if (state.ok() && state->edits() == to) return true;
    if (state.ok()) {
        const auto& stack = backwards ? state->history.undoStack() : state->history.redoStack();
        const bool alongHistory = state->edits() == from && !stack.empty() && stack.back() == to;
        if (alongHistory) {
            moved = backwards ? undoPhotoEdit(m_catalog, id) : redoPhotoEdit(m_catalog, id);
        } else {
            auto pasted = pastePhotoEdits(m_catalog, to, {id});
            if (!pasted.ok()) moved = pasted.error();
        }
    }
    if (!moved.ok() && m_onFailed) m_onFailed(moved.error().toString());
    return moved.ok();
}

void EditCommand::redo() {
    if (isObsolete()) return;
    if (!m_done) {
        if (m_changed.isEmpty()) {   // every photo already has these edits: nothing to record
            setObsolete(true);
            return;
        }
        auto pasted = pastePhotoEdits(m_catalog, m_edits, m_changed);
        if (!pasted.ok()) {
            if (m_onFailed) m_onFailed(pasted.error().toString());
            setObsolete(true);
            return;
        }
        m_done = true;
        if (m_onChanged) m_onChanged(m_changed);
        return;
    }
    QStringList moved;
    for (const QString& id : m_changed)
        if (moveTo(id, m_before.value(id), m_edits, false)) moved << id;
    if (m_onChanged) m_onChanged(moved);
}

void EditCommand::undo() {
    QStringList moved;
    for (const QString& id : m_changed)
        if (moveTo(id, m_edits, m_before.value(id), true)) moved << id;
    if (m_onChanged) m_onChanged(moved);
}

} // namespace pd::ui
