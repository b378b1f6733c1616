"""cchc-tui: theo dõi nhiệm vụ của Ban Chỉ đạo cải cách hành chính."""

__version__ = "1.0.0"
