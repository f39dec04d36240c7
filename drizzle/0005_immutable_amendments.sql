-- Contract amendments are the contract's history: never overwritten or removed.
CREATE TRIGGER contract_amendments_immutable BEFORE UPDATE OR DELETE ON contract_amendments
  FOR EACH ROW EXECUTE FUNCTION refuse_row_change();
