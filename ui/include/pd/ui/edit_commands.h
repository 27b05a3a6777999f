// Undoable edits: giving photos an edit list (a crop tool's Save, a paste onto a selection) as a
// QUndoCommand that restores each photo's exact previous list.
#pragma once

#include "pd/core/edit_operations.h"

#include <QHash>
#include <QStringList>
#include <QUndoCommand>

#include <functional>

namespace pd {
class Catalog;
}

namespace pd::ui {

// GUI thread only. The command remembers each photo's list when it is made. The first redo()
// stores `edits` on every photo that lacks them in one transaction (all or nothing); when it
// fails, or when every photo already had them, the command marks itself obsolete so the undo
// stack never records it. undo() puts every photo's own list back, redo() the new one again;
// each goes through the catalog's own undo history when that history is where the command
// left it (so `proofdesk-cli edit undo` agrees with the window), else by giving the exact list.
class EditCommand : public QUndoCommand {
public:
    using Changed = std::function<void(const QStringList& photoIds)>;
    using Failed = std::function<void(const QString& message)>;

    EditCommand(Catalog& catalog, const QStringList& photoIds, EditList edits, const QString& text, Changed changed,
                Failed failed = {});

    void redo() override;
    void undo() override;

private:
    bool moveTo(const QString& id, const EditList& from, const EditList& to, bool backwards);

    Catalog& m_catalog;
    EditList m_edits;
    QHash<QString, EditList> m_before;
    QStringList m_changed;   // the photos whose list this command changes
    bool m_done = false;     // the first redo stored the edits
    Changed m_onChanged;
    Failed m_onFailed;
};

} // namespace pd::ui
