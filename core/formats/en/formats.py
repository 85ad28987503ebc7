"""English dates as WordPress writes them ("October 27, 2015"), not Django's "Oct. 27, 2015"."""

DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, H:i"
MONTH_DAY_FORMAT = "F j"
