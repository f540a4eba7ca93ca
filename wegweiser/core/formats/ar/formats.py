# Short dates and times without Django's right-to-left marks ("d\u200f/m\u200f/Y"): the pages isolate every date
# in a left-to-right run (<bdi dir="ltr">), where those marks reordered 02/12/2026 into "022026/12/".
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
