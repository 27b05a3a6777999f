// Undoable culling: rating, flag, colour label, web selection and category of a set of photos,
// as QUndoCommands that write through the catalog.
#pragma once

#include <QHash>
#include <QStringList>
#include <QUndoCommand>
#include <QVariant>

#include <functional>

namespace pd {
class Catalog;
}

namespace pd::ui {

// GUI thread only. The command remembers each photo's previous value when it is made; redo()
// sets the new value on all of them, undo() puts every old value back. A redo that fails marks
// the command obsolete, so the undo stack only records what succeeded; `failed` says why.
class CullingCommand : public QUndoCommand {
public:
    enum class Field { Rating, Flag, ColorLabel, WebSelection, Category };
    using Changed = std::function<void(const QStringList& photoIds)>;
    using Failed = std::function<void(const QString& message)>;

    // value: int rating 0-5; int flag -1/0/1; QString label; bool web; qlonglong category id (0: none).
    CullingCommand(Catalog& catalog, Field field, const QStringList& photoIds, const QVariant& value, Changed changed,
                   Failed failed = {});

    void redo() override;
    void undo() override;
    int photoCount() const { return int(m_ids.size()); }

private:
    bool apply(const QString& id, const QVariant& value);
    QVariant current(const QString& id) const;

    Catalog& m_catalog;
    Field m_field;
    QStringList m_ids;
    QVariant m_value;
    QHash<QString, QVariant> m_old;
    Changed m_changed;
    Failed m_failed;
};

} // namespace pd::ui
