import pytest

from kit.identifiers import InvalidIdentifier, mask_resident_id, normalize_resident_id, normalize_uscc


def test_a_valid_uscc_is_accepted_and_normalised() -> None:
    assert normalize_uscc("91110000600037341l") == "91110000600037341L"


def test_a_uscc_with_a_wrong_check_character_is_refused() -> None:
    with pytest.raises(InvalidIdentifier, match="unified social credit code"):
        normalize_uscc("91110000600037341M")


def test_a_uscc_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(InvalidIdentifier):
        normalize_uscc("9111000060003734")


def test_a_valid_resident_id_is_accepted() -> None:
    assert normalize_resident_id("11010519491231002X") == "11010519491231002X"


def test_a_resident_id_with_a_wrong_check_digit_is_refused() -> None:
    with pytest.raises(InvalidIdentifier, match="resident ID"):
        normalize_resident_id("110105194912310021")


def test_a_resident_id_is_never_shown_whole() -> None:
    masked = mask_resident_id("11010519491231002X")
    assert masked == "110***********002X"
    assert "19491231" not in masked
