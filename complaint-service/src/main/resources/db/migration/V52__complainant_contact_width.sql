-- The encrypted complainant columns must hold the longest value the API accepts. Stored form:
-- "<version>:" + base64(nonce 12 ‖ ciphertext ‖ tag 16), the plaintext UTF-8 (at most 3 bytes per Java char:
-- a supplementary character is 2 chars and 4 bytes). Length = prefix + 4 × ceil((28 + 3 × chars) / 3):
--   contact  ≤ 300 chars → 4 × ceil(928 / 3) = 1240 + "v1:" = 1243  > 1000: a valid contact failed with 22001 (422)
--   name     ≤ 100 chars → 4 × ceil(328 / 3) =  440 + 3       =  443  ≤ 500
--   phone    ≤  30 chars →                       160 + 3       =  163  ≤ 500
-- Only the contact is too narrow; 1300 leaves room for a longer key-version prefix (v10:, …). Widening a varchar
-- is a catalogue change in PostgreSQL, no table rewrite.
alter table complaint alter column complainant_contact type varchar(1300);
