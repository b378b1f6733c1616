"""Word lists for recognising agency names in Vietnamese administrative text.

Kept apart from the matching code; one place to add a head word or a verb.
Heads and group nouns are accent-folded ("phong" for "Phòng"); predicate
words keep their accents, because folding makes "đất" and "đạt" alike."""

# fmt: off
# Words that open an agency name, written with a capital ("Phòng Nội vụ",
# not "phòng họp").
HEADS = [
    "phong", "so", "ban", "van phong", "trung tam", "bo phan", "cong an", "chi cuc", "cuc",
    "doi", "hoi", "doan", "mat tran", "lien doan", "cong ty", "tong cong ty", "thanh tra",
    "kho bac", "bao hiem xa hoi", "chi nhanh", "hat kiem lam", "truong", "benh vien",
    "ngan hang", "toa an", "vien kiem sat", "ban quan ly", "ban chi dao", "ban chi huy", "bo",
    "hoi dong", "quy", "nha van hoa", "trung doan", "ky tu xa", "uy ban",
    "uy ban mat tran to quoc", "tap doan", "dai truyen hinh", "dai tieng noi", "thong tan xa",
    "hiep hoi", "lien hiep", "vien", "hoc vien", "dai hoc", "quan khu", "bo chi huy",
    "bo tu lenh", "tinh uy", "thanh uy", "huyen uy", "dang uy", "thuong truc", "thue",
    "kiem toan nha nuoc", "bao", "bo doi bien phong", "canh sat", "ngan hang nha nuoc", "lien minh",
]

# Titles of people who head a body: "Bộ trưởng Bộ Nội vụ", "Chủ tịch UBND các xã"
# stand for the body they head.
PERSON_TITLES = [
    "bo truong", "thu truong", "chu tich", "pho chu tich", "giam doc", "pho giam doc",
    "chanh van phong", "thong doc", "tong giam doc", "truong ban", "pho truong ban",
    "truong phong", "bi thu", "dong chi", "cac dong chi", "nguoi dung dau", "lanh dao",
    "tong thanh tra", "cuc truong", "chi cuc truong", "chanh thanh tra", "tong cuc truong",
    "hieu truong", "chu nhiem", "bi thu tinh uy va", "bi thu thanh uy va", "bi thu tinh uy, thanh uy,",
    "dong chi bi thu tinh uy va", "bi thu tinh uy, thanh uy va",
]

# The UBND family: any word may follow ("UBND các xã", "UBND huyện").
OPEN_HEADS = [
    "ubnd", "uy ban nhan dan", "hdnd", "hoi dong nhan dan", "ubmttq",
]

# "các …" + one of these is a collective name ("các sở, ban, ngành").
GROUP_NOUNS = [
    "co quan", "don vi", "phong", "ban", "nganh", "so", "xa", "phuong", "thi tran",
    "dia phuong", "to chuc", "doanh nghiep", "hoi", "doan the", "thanh vien", "huyen",
    "ca nhan", "thon", "khu pho", "to dan pho", "hop tac xa", "chi bo", "bo", "bo nganh",
    "tinh", "thanh pho", "quan", "tap doan", "tong cong ty", "cong ty", "so, ban, nganh",
    "chu dau tu", "ban quan ly", "ngan hang", "to chuc tin dung", "chu rung", "don vi cap nuoc",
    "co quan, don vi", "truong", "co so", "hiep hoi", "cap uy", "hoi doan the", "thue",
    "tap doan", "cuc", "vu", "quan khu",
]

# After a comma inside a collective name, these words continue it
# ("UBND các xã, phường, thị trấn").
LIST_CONTINUES = {
    "ban", "ca nhan", "co quan", "dia phuong", "doan the", "doanh nghiep", "don vi", "hoi",
    "huyen", "nganh", "phuong", "quan", "thanh pho", "thi tran", "thi xa", "to chuc", "xa",
    "bo", "so", "tinh", "dac khu", "dia phuong lien quan", "tap doan", "ca nhan co lien quan",
    "co quan ngang bo", "co quan thuoc chinh phu", "hiep hoi", "truong", "bao chi", "chu rung", "phat thanh", "truyen hinh", "dai phat thanh",
}

# Lower-case words that end a name: the predicate begins.
STOPS = [
    "chủ trì", "phối hợp", "tham mưu", "thực hiện", "tiếp tục", "rà soát", "khẩn trương",
    "chủ động", "kịp thời", "nghiêm túc", "chịu trách nhiệm", "có trách nhiệm", "triển khai",
    "đôn đốc", "hướng dẫn", "theo dõi", "tăng cường", "duy trì", "nghiên cứu", "đề xuất",
    "báo cáo", "tổ chức", "trình", "ban hành", "kiểm tra", "cập nhật", "hoàn thành", "đảm bảo",
    "bảo đảm", "quan tâm", "giải quyết", "xử lý", "lập", "cung cấp", "gửi", "là", "có", "được",
    "phải", "cần", "sớm", "thường xuyên", "đẩy mạnh", "nâng cao", "tập trung", "phổ biến",
    "tuyên truyền", "chấn chỉnh", "thu thập", "trả lời", "chuẩn bị", "tiến hành", "khắc phục",
    "bố trí", "sắp xếp", "cân đối", "thông báo", "yêu cầu", "đề nghị", "giao", "để", "theo",
    "tại", "trong", "về", "từ", "khi", "nhằm", "đối với", "liên hệ", "làm việc", "phản ánh",
    "nộp", "phê duyệt", "thẩm định", "tham gia", "vận hành", "sử dụng", "áp dụng", "cùng",
    "với", "cho", "của", "nhưng", "hoặc", "đã", "sẽ", "đang", "nên", "mà", "vì", "do", "bằng",
    "qua", "nay", "ngay", "trên", "như", "tiếp nhận", "xây dựng", "quản lý", "điều tra",
    "kiểm soát", "rút kinh nghiệm", "bồi dưỡng", "tập huấn", "khảo sát", "đánh giá", "tổng hợp",
    "giúp", "hỗ trợ", "dẫn", "chỉ đạo", "vào", "ra", "mời", "tiếp", "tăng", "giảm", "đạt",
    "xác định", "cấp", "thành lập", "kiện toàn", "sửa đổi", "bổ sung", "chịu", "thì", "nếu",
    "sau", "trước", "hằng", "hàng", "định kỳ", "chưa", "không", "vẫn", "hoàn thiện",
    "soạn thảo", "xác minh", "công khai", "niêm yết", "tiếp thu", "thống nhất", "rà",
    "phân công", "chuyển", "trả", "tự", "thanh tra", "giám sát", "vận động", "phát động",
    "làm", "đẩy nhanh", "hoàn thiện", "sớm", "quyết liệt", "theo chức năng", "căn cứ", "huy động",
    "kiểm tra", "trao đổi", "tổ chức", "ưu tiên", "khuyến khích", "chỉ", "tiếp nhận",
    "xem xét", "khôi phục", "bám sát", "phát huy", "công bố", "thống kê", "xác nhận",
    "thẩm tra", "nắm", "cùng với", "trực tiếp", "nhanh chóng", "đổi mới", "làm rõ", "nâng",
]
# The same words with a capital, when a heading runs into its first sentence
# ("3. Sở Công Thương Hỗ trợ cho các doanh nghiệp …").
CAPITAL_STOPS = [
    "chủ trì", "phối hợp", "hỗ trợ", "nghiên cứu", "thực hiện", "tham mưu", "tổ chức", "tăng cường",
    "chỉ đạo", "triển khai", "hướng dẫn", "là cơ quan", "là đầu mối", "căn cứ", "theo dõi",
    "rà soát", "xây dựng kế hoạch", "tiếp tục", "khẩn trương", "đẩy mạnh", "thường xuyên",
    "trên cơ sở", "có trách nhiệm", "chịu trách nhiệm", "tuyên truyền", "vận động", "kiểm tra",
    "định kỳ", "bố trí", "cân đối", "đôn đốc", "tập trung", "đề xuất", "trong phạm vi",
    "thực hiện chức năng", "chủ động", "phối hợp với", "tiếp nhận", "xây dựng và", "đảm bảo",
    "bảo đảm", "quan tâm", "khẩn trương kiểm tra",
]
# fmt: on
