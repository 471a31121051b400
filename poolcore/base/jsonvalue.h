#pragma once

#include <QJsonValue>
#include <QString>

#include <optional>

// How a JSON value reads in a message that says what was wrong with it: a string in quotes
// (cut after 60 characters: hostile input stays a short message), a number in full, "a list",
// "an object", "null".
QString jsonValueText(const QJsonValue &value);

// The value as a whole number when it is one: 5 and 5.0, not 5.5, "5", true or 1e300.
std::optional<qint64> jsonWholeNumber(const QJsonValue &value);
