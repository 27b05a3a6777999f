// Undo/redo stacks of edit-list snapshots.
#include "pd/core/edit_history.h"

#include <utility>

namespace pd {

EditHistory::EditHistory(EditList current, std::vector<EditList> undo, std::vector<EditList> redo)
    : m_current(std::move(current)), m_undo(std::move(undo)), m_redo(std::move(redo)) {
    if (m_undo.size() > size_t(kMaxUndo)) m_undo.erase(m_undo.begin(), m_undo.end() - kMaxUndo);
}

void EditHistory::push(EditList previous) {
    m_undo.push_back(std::move(previous));
    if (m_undo.size() > size_t(kMaxUndo)) m_undo.erase(m_undo.begin());
    m_redo.clear();
}

void EditHistory::apply(const EditOperation& op) {
    push(m_current);
    m_current.push_back(op);
}

bool EditHistory::replace(EditList edits) {
    if (edits == m_current) return false;
    push(std::exchange(m_current, std::move(edits)));
    return true;
}

bool EditHistory::undo() {
    if (m_undo.empty()) return false;
    m_redo.push_back(std::exchange(m_current, std::move(m_undo.back())));
    m_undo.pop_back();
    return true;
}

bool EditHistory::redo() {
    if (m_redo.empty()) return false;
    m_undo.push_back(std::exchange(m_current, std::move(m_redo.back())));
    m_redo.pop_back();
    return true;
}

QJsonObject EditHistory::stacksToJson() const {
    QJsonArray undo, redo;
    for (const EditList& l : m_undo) undo.append(editListToJson(l));
    for (const EditList& l : m_redo) redo.append(editListToJson(l));
    return {{"undo", undo}, {"redo", redo}};
}

Result<EditHistory> EditHistory::fromJson(EditList current, const QJsonObject& stacks) {
    std::vector<EditList> lists[2];
    const char* keys[2] = {"undo", "redo"};
    for (int k = 0; k < 2; ++k) {
        for (const QJsonValue& v : stacks.value(QLatin1String(keys[k])).toArray()) {
            auto l = editListFromJson(v.toArray());
            if (!l.ok()) return l.error().withContext(QStringLiteral("edit history"));
            lists[k].push_back(std::move(l).value());
        }
    }
    return EditHistory(std::move(current), std::move(lists[0]), std::move(lists[1]));
}

} // namespace pd
