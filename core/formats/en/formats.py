"""English dates as WordPress writes them ("October 27, 2015"), not Django's "Oct. 27, 2015"."""

DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = r"F j, Y \a\t g:i A"
MONTH_DAY_FORMAT = "F j"
