import { MANAGE_CATALOGUE, WORK_STOCK } from '$lib/permissions';
import { DATE_TYPES, ORIGIN_KINDS, UNITS, ZONES } from '../../stock/catalogue';
import { errors, jsonBody, jsonResponse, pageResponse, ref, uuid, type ApiFeature } from '../oas';

const id = (description: string) => ({ name: 'id', in: 'path', required: true, description, schema: uuid });
const page = { name: 'page', in: 'query', required: false, description: 'Page (50 par page).', schema: { type: 'integer', minimum: 1 } };
const flag = (name: string, description: string) => ({ name, in: 'query', required: false, description, schema: { type: 'string', enum: ['1'] } });
const items = (schema: string) => ({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref(schema) } } });
const gtin = { type: 'string', maxLength: 40, description: 'EAN-13, EAN-8, UPC-A ou GTIN-14 (enregistré en GTIN-14).', examples: ['3017620422003'] };

/**
 * The catalogue kept by the managers (issue 11, item 6): products and their barcodes, origins of goods,
 * categories, the catalogue file. The stockroom reads; managers write, with the catalogue screens' services.
 */
export const catalogueApi: ApiFeature = {
	tag: { name: 'catalogue', description: 'Produits, codes-barres, origines, catégories. Lecture : le stock ; écriture : les responsables.' },
	paths: {
		'/products': {
			get: {
				operationId: 'listProducts',
				summary: 'Les produits du catalogue (actifs, sauf ?inactive=1)',
				description: 'Triés par nom. `q` cherche une partie du nom, ou du code-barres (3 à 14 chiffres).',
				tags: ['catalogue'],
				'x-roles': WORK_STOCK,
				parameters: [
					{ name: 'q', in: 'query', required: false, description: 'Partie du nom ou du code-barres.', schema: { type: 'string', maxLength: 100 } },
					page,
					flag('inactive', 'Avec les produits retirés.'),
					flag('review', 'Seulement les produits créés pendant une réception, à vérifier.')
				],
				responses: { '200': pageResponse('Une page de produits.', 'Product'), ...errors(400) }
			},
			post: {
				operationId: 'createProduct',
				summary: 'Créer un produit',
				description:
					'Comme le formulaire « Nouveau produit » : chaque champ faux est signalé (`error.errors` : champ → message). Un nom ou un code déjà pris : 409 (`name_taken`, `gtin_taken`).',
				tags: ['catalogue'],
				'x-roles': MANAGE_CATALOGUE,
				requestBody: jsonBody(ref('ProductInput')),
				responses: { '201': jsonResponse('Le produit créé.', ref('Product')), ...errors(400, 404, 409, 413, 415) }
			}
		},
		'/products/{id}': {
			get: {
				operationId: 'getProduct',
				summary: 'Un produit et ses codes-barres',
				tags: ['catalogue'],
				'x-roles': WORK_STOCK,
				parameters: [id('Le produit.')],
				responses: { '200': jsonResponse('Le produit.', ref('Product')), ...errors(404) }
			},
			put: {
				operationId: 'updateProduct',
				summary: 'Remplacer un produit (tous ses champs, ses codes-barres compris)',
				description: 'Comme le formulaire du produit. Un champ omis prend sa valeur par défaut (pas de code-barres, pas de limite, actif).',
				tags: ['catalogue'],
				'x-roles': MANAGE_CATALOGUE,
				parameters: [id('Le produit.')],
				requestBody: jsonBody(ref('ProductInput')),
				responses: { '200': jsonResponse('Le produit enregistré.', ref('Product')), ...errors(400, 404, 409, 413, 415) }
			}
		},
		'/products/{id}/barcodes': {
			post: {
				operationId: 'addProductBarcode',
				summary: 'Ajouter un code-barres à un produit',
				description: 'Un code que le produit a déjà ne change rien. Un code porté par un autre produit : 409 `gtin_taken`.',
				tags: ['catalogue'],
				'x-roles': MANAGE_CATALOGUE,
				parameters: [id('Le produit.')],
				requestBody: jsonBody({ type: 'object', required: ['gtin'], properties: { gtin } }),
				responses: { '200': jsonResponse('Le produit.', ref('Product')), ...errors(400, 404, 409, 413, 415) }
			}
		},
		'/products/{id}/barcodes/{gtin}': {
			delete: {
				operationId: 'removeProductBarcode',
				summary: "Retirer un code-barres d'un produit",
				description: "Un code que le produit n'a pas ne change rien.",
				tags: ['catalogue'],
				'x-roles': MANAGE_CATALOGUE,
				parameters: [id('Le produit.'), { name: 'gtin', in: 'path', required: true, description: 'Le code-barres.', schema: gtin }],
				responses: { '200': jsonResponse('Le produit.', ref('Product')), ...errors(400, 404) }
			}
		},
		'/products/import': {
			post: {
				operationId: 'importCatalogue',
				summary: 'Importer un fichier de catalogue (CSV)',
				description:
					'Le corps est le fichier lui-même, en CSV UTF-8 (`Content-Type: text/csv`), 500 ko au plus, avec les colonnes du fichier du catalogue (nom;categorie;unite;prix_reference;…). ' +
					'Un nom qui existe met à jour le produit, sinon il est créé. Tout ou rien : avec une ligne fausse, 400 `import_refused` et `report` (numéro de ligne, message), rien enregistré.',
				tags: ['catalogue'],
				'x-roles': MANAGE_CATALOGUE,
				requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
				responses: {
					'200': jsonResponse('Le fichier est importé.', {
						type: 'object',
						required: ['created', 'updated'],
						properties: { created: { type: 'integer' }, updated: { type: 'integer' } }
					}),
					...errors(400, 413, 415)
				}
			}
		},
		'/products/export': {
			get: {
				operationId: 'exportCatalogue',
				summary: 'Le fichier du catalogue (CSV français), celui que relit POST /products/import',
				tags: ['catalogue'],
				'x-roles': MANAGE_CATALOGUE,
				responses: {
					'200': { description: 'Le fichier CSV (UTF-8 avec BOM, « ; », virgule décimale).', content: { 'text/csv': { schema: { type: 'string' } } } },
					...errors()
				}
			}
		},
		'/origins': {
			get: {
				operationId: 'listOrigins',
				summary: 'Les origines des marchandises (banque alimentaire, FSE+, ramasse, achat, don)',
				tags: ['catalogue'],
				'x-roles': WORK_STOCK,
				parameters: [flag('inactive', 'Avec les origines retirées.')],
				responses: { '200': jsonResponse('Les origines, par nom.', items('Origin')), ...errors() }
			},
			post: {
				operationId: 'createOrigin',
				summary: 'Créer une origine',
				description: 'FSE+ suit le type : une origine de type `fse` est toujours gratuite à la caisse. Un nom déjà pris : 409 `name_taken`.',
				tags: ['catalogue'],
				'x-roles': MANAGE_CATALOGUE,
				requestBody: jsonBody({
					type: 'object',
					required: ['name', 'kind'],
					properties: { name: { type: 'string', maxLength: 80 }, kind: { type: 'string', enum: [...ORIGIN_KINDS] }, active: { type: 'boolean' } }
				}),
				responses: { '201': jsonResponse("L'origine créée.", ref('Origin')), ...errors(400, 409, 413, 415) }
			}
		},
		'/origins/{id}': {
			get: {
				operationId: 'getOrigin',
				summary: 'Une origine',
				tags: ['catalogue'],
				'x-roles': MANAGE_CATALOGUE,
				parameters: [id("L'origine.")],
				responses: { '200': jsonResponse("L'origine.", ref('Origin')), ...errors(404) }
			},
			patch: {
				operationId: 'setOriginActive',
				summary: "Mettre une origine en service ou l'en retirer",
				description: 'L’état est dit (`active`), pas inversé : un appel répété ne change rien de plus.',
				tags: ['catalogue'],
				'x-roles': MANAGE_CATALOGUE,
				parameters: [id("L'origine.")],
				requestBody: jsonBody(ref('ActiveInput')),
				responses: { '200': jsonResponse("L'origine.", ref('Origin')), ...errors(400, 404, 413, 415) }
			}
		},
		'/categories': {
			get: {
				operationId: 'listCategories',
				summary: "Les catégories de l'organisation (l'arbre, dans l'ordre de lecture)",
				tags: ['catalogue'],
				'x-roles': WORK_STOCK,
				responses: { '200': jsonResponse('Les catégories.', items('Category')), ...errors() }
			}
		},
		'/categories/defaults': {
			post: {
				operationId: 'createDefaultCategories',
				summary: "Créer l'arbre de catégories habituel (si l'organisation n'en a aucune)",
				description: "Comme le bouton du catalogue. Si l'organisation a déjà des catégories, rien ne change.",
				tags: ['catalogue'],
				'x-roles': MANAGE_CATALOGUE,
				responses: { '200': jsonResponse('Les catégories.', items('Category')), ...errors() }
			}
		}
	},
	schemas: {
		ProductInput: {
			type: 'object',
			required: ['name', 'unit', 'referencePriceCents', 'zone', 'dateType'],
			properties: {
				name: { type: 'string', minLength: 2, maxLength: 120 },
				categoryId: { type: ['string', 'null'], format: 'uuid' },
				unit: { type: 'string', enum: [...UNITS] },
				referencePriceCents: { type: 'integer', minimum: 0, description: 'Prix de référence en centimes, par pièce, par kg ou par litre.' },
				netWeightGrams: { type: ['integer', 'null'], minimum: 1 },
				zone: { type: 'string', enum: [...ZONES] },
				dateType: { type: 'string', enum: [...DATE_TYPES] },
				limitPerVisit: { type: ['integer', 'null'], minimum: 1 },
				limitPerMonth: { type: ['integer', 'null'], minimum: 1 },
				gtins: { type: 'array', maxItems: 20, items: gtin },
				active: { type: 'boolean' }
			}
		},
		Origin: {
			type: 'object',
			required: ['id', 'name', 'kind', 'fse', 'active'],
			properties: {
				id: uuid,
				name: { type: 'string' },
				kind: { type: 'string', enum: [...ORIGIN_KINDS] },
				fse: { type: 'boolean', description: 'FSE+ : toujours gratuit à la caisse.' },
				active: { type: 'boolean' }
			}
		},
		Category: {
			type: 'object',
			required: ['id', 'parentId', 'name', 'path'],
			properties: {
				id: uuid,
				parentId: { type: ['string', 'null'], format: 'uuid' },
				name: { type: 'string' },
				path: { type: 'string', examples: ['Frais › Produits laitiers'] }
			}
		},
		ActiveInput: { type: 'object', required: ['active'], properties: { active: { type: 'boolean', description: 'true : en service ; false : retiré.' } } }
	}
};
