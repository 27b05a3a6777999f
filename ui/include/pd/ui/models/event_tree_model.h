// The events tree: each event with its categories, photo counts and web-selection counts.
// Also the drop target for files from the file manager and for photos dragged between categories.
#pragma once

#include <QAbstractItemModel>
#include <QIcon>

#include <vector>

namespace pd {
class Catalog;
}

namespace pd::ui {

inline constexpr const char* kPhotoIdsMimeType = "application/x-proofdesk-photo-ids";

// GUI thread only; a thin adapter over the catalog (reload() re-reads it). Two columns: the name,
// and the counts ("120 · 12 web" for an event, "40" for a category).
class EventTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Role { EventIdRole = Qt::UserRole + 100, CategoryIdRole, IsCategoryRole, PhotoCountRole, WebCountRole };

    explicit EventTreeModel(Catalog& catalog, QObject* parent = nullptr);

    // Re-reads events, categories and counts. Updates counts in place when the structure is the
    // same (selection and expansion survive), resets otherwise.
    void reload();
    QModelIndex indexForEvent(const QString& eventId) const;
    QModelIndex indexForCategory(qint64 categoryId) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    QStringList mimeTypes() const override;
    Qt::DropActions supportedDropActions() const override;
    bool canDropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                         const QModelIndex& parent) const override;
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column, const QModelIndex& parent) override;

signals:
    // Files or folders dropped onto an event (categoryName empty) or one of its categories.
    void filesDropped(const QString& eventId, const QString& categoryName, const QStringList& paths);
    // Photos dragged from the grid onto a category (categoryId 0: the event itself, no category).
    void photosDropped(const QStringList& photoIds, const QString& eventId, qint64 categoryId);

private:
    struct Category {
        qint64 id = 0;
        QString name;
        int photos = 0;
    };
    struct Event {
        QString id;
        QString name;
        int photos = 0;
        int web = 0;
        std::vector<Category> categories;
    };
    std::vector<Event> readCatalog() const;

    Catalog& m_catalog;
    std::vector<Event> m_events;
    QIcon m_eventIcon, m_categoryIcon;
};

} // namespace pd::ui
