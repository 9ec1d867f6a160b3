ALTER TABLE "products" ADD COLUMN "needs_review" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- The stock ledger is append-only: a mistake is reversed by a correcting movement, never edited or
-- deleted. The services never update or delete a movement; this trigger makes the database refuse it
-- too, whoever asks (a bug, a script, psql). TRUNCATE is a table-level command: row triggers do not see
-- it (tests and restores may still empty the table).
CREATE FUNCTION "stock_movements_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'stock_movements is append-only: % refused (reverse a movement with a correcting movement)', TG_OP
		USING ERRCODE = 'restrict_violation', HINT = 'Le journal du stock ne se modifie pas : une erreur se corrige par un mouvement inverse.';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "stock_movements_append_only"
	BEFORE UPDATE OR DELETE ON "stock_movements"
	FOR EACH ROW EXECUTE FUNCTION "stock_movements_append_only"();
