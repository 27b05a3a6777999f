// Fusion with a neutral dark-grey palette (no colour cast), and a blue accent only for selection.
#include "pd/ui/theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

namespace pd::ui {

void applyStudioTheme(QApplication& app) {
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2b), base(0x1f, 0x1f, 0x1f), text(0xe2, 0xe2, 0xe2);
    const QColor button(0x35, 0x35, 0x35), accent(0x3d, 0x6f, 0xb6), mid(0x45, 0x45, 0x45);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3a, 0x3a));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x50, 0x50, 0x50));
    p.setColor(QPalette::Midlight, mid);
    p.setColor(QPalette::Mid, QColor(0x3a, 0x3a, 0x3a));
    p.setColor(QPalette::Dark, QColor(0x18, 0x18, 0x18));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6f, 0x9f, 0xe0));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x77, 0x77, 0x77));
    p.setColor(QPalette::Disabled, QPalette::Highlight, mid);
    app.setPalette(p);
    app.setStyleSheet(QStringLiteral(
        "QToolTip { border: 1px solid #555; }"
        "QSplitter::handle { background: #222; }"
        "QStatusBar { border-top: 1px solid #1a1a1a; }"
        "QToolBar { border: none; spacing: 4px; padding: 2px; }"
        "QTreeView, QListView { border: none; }"));
}

} // namespace pd::ui
