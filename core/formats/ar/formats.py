"""Arabic: a comment's date and time written in the date's own order ("27 أكتوبر، 2015، 6:04 م").
Django's Arabic formats have no DATETIME_FORMAT, so its English default ("أكتوبر 27, 2015, 6:04
م") showed; the rest comes from Django's Arabic formats."""

DATETIME_FORMAT = "j F، Y، g:i A"
