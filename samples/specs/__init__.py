"""Specifications of the synthetic sample letters, one module per kind of letter.

``LETTERS`` is every letter in a fixed order; ``samples/generate.py`` renders them.
"""

from specs import bao_cao, chi_thi, cong_dien, cong_van, dang, ke_hoach, khac, quyet_dinh, thong_bao, to_trinh

LETTERS = [
    *cong_van.LETTERS,
    *thong_bao.LETTERS,
    *ke_hoach.LETTERS,
    *chi_thi.LETTERS,
    *quyet_dinh.LETTERS,
    *cong_dien.LETTERS,
    *to_trinh.LETTERS,
    *bao_cao.LETTERS,
    *dang.LETTERS,
    *khac.LETTERS,
]
