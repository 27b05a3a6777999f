// Undo and redo of a photo's edits as exact snapshots of its operation list.
#pragma once

#include "pd/core/edit_operations.h"

#include <QJsonObject>

#include <vector>

namespace pd {

// A value: copy it, store it, compare it. Every change that alters the list pushes the list as
// it was onto the undo stack and clears the redo stack; a change that leaves the list as it is
// records nothing (so undo never "does nothing"). Callers validate an operation before
// applying it: only operations that succeeded are recorded.
class EditHistory {
public:
    static constexpr int kMaxUndo = 100;   // the oldest snapshots are dropped beyond this

    EditHistory() = default;
    explicit EditHistory(EditList current) : m_current(std::move(current)) {}
    EditHistory(EditList current, std::vector<EditList> undo, std::vector<EditList> redo);

    const EditList& current() const { return m_current; }
    const std::vector<EditList>& undoStack() const { return m_undo; }   // oldest first
    const std::vector<EditList>& redoStack() const { return m_redo; }   // next redo last

    // Appends one operation.
    void apply(const EditOperation& op);
    // Replaces the whole list (reset = replace({}), paste = replace(other photo's list)).
    // Returns false (and records nothing) when the list is already `edits`.
    bool replace(EditList edits);
    bool canUndo() const { return !m_undo.empty(); }
    bool canRedo() const { return !m_redo.empty(); }
    bool undo();   // false when there is nothing to undo
    bool redo();

    // {"undo": [[ops...], ...], "redo": [...]}; the current list is stored on its own (the
    // catalog's photos.edits) and passed back to fromJson.
    QJsonObject stacksToJson() const;
    static Result<EditHistory> fromJson(EditList current, const QJsonObject& stacks);

    bool operator==(const EditHistory&) const = default;

private:
    void push(EditList previous);
    EditList m_current;
    std::vector<EditList> m_undo;
    std::vector<EditList> m_redo;
};

} // namespace pd
