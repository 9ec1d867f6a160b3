import { m } from '$lib/paraglide/messages';

const RELATION: Record<string, () => string> = { conjoint: m.hh_rel_conjoint, enfant: m.hh_rel_enfant, parent: m.hh_rel_parent, autre: m.hh_rel_autre };
const LINE: Record<string, () => string> = {
	salaire: m.hh_type_salaire,
	chomage: m.hh_type_chomage,
	rsa: m.hh_type_rsa,
	prestations_caf: m.hh_type_caf,
	pension: m.hh_type_pension,
	aah: m.hh_type_aah,
	autre: m.hh_type_autre,
	loyer: m.hh_type_loyer,
	energie: m.hh_type_energie,
	eau: m.hh_type_eau,
	assurance: m.hh_type_assurance,
	transport: m.hh_type_transport,
	credit: m.hh_type_credit,
	pension_versee: m.hh_type_pension_versee
};
const OUTCOME: Record<string, () => string> = {
	accepted: m.hh_outcome_accepted,
	refused: m.hh_outcome_refused,
	postponed: m.hh_outcome_postponed,
	pending: m.hh_outcome_pending
};
const STATUS: Record<string, () => string> = { active: m.hh_status_active, suspended: m.hh_status_suspended, revoked: m.hh_status_revoked };

export const relationLabel = (r: string) => (RELATION[r] ?? (() => r))();
export const lineTypeLabel = (t: string) => (LINE[t] ?? (() => t))();
export const outcomeLabel = (o: string) => (OUTCOME[o] ?? (() => o))();
export const rightStatusLabel = (s: string) => (STATUS[s] ?? (() => s))();
