from tests.intake.conftest import mvs as mvs  # the MVS region fixture
