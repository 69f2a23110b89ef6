"""gonghui.imports.bulk and the helpers large imports lean on."""

from __future__ import annotations

import gc

import pytest

from gonghui.imports.base import gc_paused


def test_the_cycle_collector_rests_during_an_import_and_works_again_after():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still runs
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
