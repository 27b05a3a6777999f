// What the studio's dialogs share: catalog messages as sentences, and committing a cell editor.
#pragma once

#include <QAbstractItemView>
#include <QApplication>
#include <QString>

namespace pd::ui {

// The catalog's messages are lower-case clauses ("an event named ... already exists"): shown
// alone in a dialog they read better as a sentence.
inline QString asSentence(QString s) {
    s = s.trimmed();
    if (s.isEmpty()) return s;
    s[0] = s[0].toUpper();
    if (!s.endsWith(QLatin1Char('.')) && !s.endsWith(QLatin1Char('!')) && !s.endsWith(QLatin1Char('?')))
        s += QLatin1Char('.');
    return s;
}

// Writes what the view's open cell editor (the one with the focus) holds into the model, for a
// dialog accepted by a shortcut while a cell is still being edited.
inline void commitOpenEditor(QAbstractItemView* view) {
    QWidget* w = QApplication::focusWidget();
    while (w && w->parentWidget() != view->viewport()) w = w->parentWidget();
    // commitData is a protected slot: reached through the meta-object, as the delegate does.
    if (w) QMetaObject::invokeMethod(view, "commitData", Qt::DirectConnection, Q_ARG(QWidget*, w));
}

} // namespace pd::ui
